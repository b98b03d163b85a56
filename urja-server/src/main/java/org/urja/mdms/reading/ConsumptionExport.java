package org.urja.mdms.reading;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

/**
 * Published API: "download my data" — a service point's interval energy over a range of IST days as a file the
 * consumer (or staff on their behalf) can take elsewhere: CSV, or Green Button (NAESB ESPI Atom XML). Import energy
 * always; export energy too where the service point has any (net meters). Each interval says whether it was measured,
 * estimated by VEE, edited by a person or is missing, as the consumption charts do.
 */
public interface ConsumptionExport {

    /** At most this many days in one file (13 months of 15-minute data is about 38,000 intervals per channel). */
    int MAX_DAYS = 400;

    enum Format {
        CSV("text/csv", "csv"),
        GREEN_BUTTON("application/atom+xml", "xml");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    /**
     * Checks the request (400 {@link org.urja.mdms.platform.ApiProblem} naming {@code from}/{@code to}) and whether
     * the service point exists (false when not) before anything is written.
     */
    boolean exists(String servicePointCode, LocalDate from, LocalDate to);

    /** Writes the file for [from, to]; call {@link #exists} first. Streams day by day, never the whole range at once. */
    void write(String servicePointCode, LocalDate from, LocalDate to, Format format, OutputStream out) throws IOException;
}
