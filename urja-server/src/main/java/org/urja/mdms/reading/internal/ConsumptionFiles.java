package org.urja.mdms.reading.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.springframework.stereotype.Service;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.Consumption;
import org.urja.mdms.reading.Consumption.Granularity;
import org.urja.mdms.reading.Consumption.Period;
import org.urja.mdms.reading.Consumption.Query;
import org.urja.mdms.reading.Consumption.Series;
import org.urja.mdms.reading.ConsumptionExport;

/**
 * Download-my-data files from the {@link Consumption} API, read in windows of at most 31 days so memory stays flat
 * whatever the range. Green Button follows NAESB ESPI: an Atom feed of LocalTimeParameters, UsagePoint, and per
 * channel a MeterReading with its ReadingType (Wh, delta data, forward or reverse flow) and one IntervalBlock per
 * IST day; each IntervalReading carries its ReadingQuality (0 valid, 7 manually edited, 8 estimated) and a missing
 * interval is left out, as ESPI has no value for "not measured".
 */
@Service
class ConsumptionFiles implements ConsumptionExport {

    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String ESPI = "http://naesb.org/espi";

    private final Consumption consumption;
    private final Clock clock;

    ConsumptionFiles(Consumption consumption, Clock clock) {
        this.consumption = consumption;
        this.clock = clock;
    }

    enum Quality {
        ACTUAL(0), ESTIMATED(8), EDITED(7), MISSING(-1);

        final int espi;

        Quality(int espi) {
            this.espi = espi;
        }

        static Quality of(Period p) {
            if (p.missingIntervals() > 0 || p.value() == null) {
                return MISSING;
            }
            if (p.editedIntervals() > 0) {
                return EDITED;
            }
            return p.estimatedIntervals() > 0 ? ESTIMATED : ACTUAL;
        }
    }

    @Override
    public boolean exists(String servicePointCode, LocalDate from, LocalDate to) {
        if (from == null) {
            throw ApiProblem.badRequest("from", "from is required");
        }
        if (to == null) {
            throw ApiProblem.badRequest("to", "to is required");
        }
        if (to.isBefore(from)) {
            throw ApiProblem.badRequest("to", "to (" + to + ") is before from (" + from + ")");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw ApiProblem.badRequest("to", "a file covers at most " + MAX_DAYS + " days; " + from + " to " + to
                    + " is " + days);
        }
        return consumption.ofServicePoint(servicePointCode, new Query(Channel.KWH_IMPORT, Granularity.MONTH, from, to))
                .isPresent();
    }

    @Override
    public void write(String servicePointCode, LocalDate from, LocalDate to, Format format, OutputStream out)
            throws IOException {
        boolean export = hasExport(servicePointCode, from, to);
        if (format == Format.CSV) {
            writeCsv(servicePointCode, from, to, export, out);
        } else {
            writeGreenButton(servicePointCode, from, to, export, out);
        }
    }

    private boolean hasExport(String code, LocalDate from, LocalDate to) {
        return consumption.ofServicePoint(code, new Query(Channel.KWH_EXPORT, Granularity.MONTH, from, to))
                .map(s -> s.total().value() != null && s.total().value().signum() > 0)
                .orElse(false);
    }

    /** [from, to] cut into windows of at most 31 days (the longest interval query). */
    static List<LocalDate[]> windows(LocalDate from, LocalDate to) {
        List<LocalDate[]> out = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(Query.MAX_INTERVAL_DAYS)) {
            LocalDate end = start.plusDays(Query.MAX_INTERVAL_DAYS - 1);
            out.add(new LocalDate[] {start, end.isAfter(to) ? to : end});
        }
        return out;
    }

    private void writeCsv(String code, LocalDate from, LocalDate to, boolean export, OutputStream out)
            throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write("service_point,interval_start,interval_end,kwh_import,import_quality"
                + (export ? ",kwh_export,export_quality" : "") + "\n");
        for (LocalDate[] window : windows(from, to)) {
            List<Period> imports = intervals(code, Channel.KWH_IMPORT, window);
            List<Period> exports = export ? intervals(code, Channel.KWH_EXPORT, window) : List.of();
            int e = 0;
            for (Period p : imports) {
                w.write(csvField(code) + "," + p.start() + "," + p.end() + "," + plain(p.value()) + ","
                        + Quality.of(p));
                if (export) {
                    while (e < exports.size() && exports.get(e).start().isBefore(p.start())) {
                        e++;
                    }
                    Period x = e < exports.size() && exports.get(e).start().isEqual(p.start()) ? exports.get(e) : null;
                    w.write(x == null ? ",," + Quality.MISSING : "," + plain(x.value()) + "," + Quality.of(x));
                }
                w.write("\n");
            }
        }
        w.flush();
    }

    private List<Period> intervals(String code, Channel channel, LocalDate[] window) {
        return consumption.ofServicePoint(code, new Query(channel, Granularity.INTERVAL, window[0], window[1]))
                .map(Series::periods)
                .orElseThrow(() -> ApiProblem.notFound("servicePointCode", "No service point " + code));
    }

    private void writeGreenButton(String code, LocalDate from, LocalDate to, boolean export, OutputStream out)
            throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            String updated = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            String base = "/espi/1_1/resource/UsagePoint/" + code;
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("feed");
            x.writeDefaultNamespace(ATOM);
            x.writeNamespace("espi", ESPI);
            text(x, "id", urn("feed:" + code + ":" + from + ":" + to));
            text(x, "title", "Urja MDMS: energy of service point " + code + " from " + from + " to " + to);
            text(x, "updated", updated);

            entry(x, "LocalTimeParameters", "/espi/1_1/resource/LocalTimeParameters/IST", null, "IST (UTC+05:30)",
                    updated);
            x.writeStartElement("espi", "LocalTimeParameters", ESPI);
            text(x, ESPI, "dstEndRule", "00000000");
            text(x, ESPI, "dstOffset", "0");
            text(x, ESPI, "dstStartRule", "00000000");
            text(x, ESPI, "tzOffset", String.valueOf(JdbcConsumption.IST.getTotalSeconds()));
            endEntry(x);

            entry(x, "UsagePoint:" + code, base, base + "/MeterReading", "Service point " + code, updated);
            x.writeStartElement("espi", "UsagePoint", ESPI);
            x.writeStartElement("espi", "ServiceCategory", ESPI);
            text(x, ESPI, "kind", "0"); // electricity
            x.writeEndElement();
            endEntry(x);

            List<Channel> channels = new ArrayList<>(List.of(Channel.KWH_IMPORT));
            if (export) {
                channels.add(Channel.KWH_EXPORT);
            }
            for (Channel channel : channels) {
                String reading = base + "/MeterReading/" + channel.name();
                String type = "/espi/1_1/resource/ReadingType/" + channel.name();
                entry(x, "MeterReading:" + code + ":" + channel, reading, reading + "/IntervalBlock",
                        channel == Channel.KWH_IMPORT ? "Energy imported" : "Energy exported", updated);
                x.writeStartElement("espi", "MeterReading", ESPI);
                endEntry(x);

                entry(x, "ReadingType:" + channel, type, null, "Wh per interval", updated);
                x.writeStartElement("espi", "ReadingType", ESPI);
                text(x, ESPI, "accumulationBehaviour", "4"); // delta data
                text(x, ESPI, "commodity", "1"); // electricity, secondary metered
                text(x, ESPI, "dataQualifier", "12"); // normal
                text(x, ESPI, "flowDirection", channel == Channel.KWH_IMPORT ? "1" : "19"); // forward | reverse
                text(x, ESPI, "kind", "12"); // energy
                text(x, ESPI, "phase", "769"); // phase S1N-S2N... all phases
                text(x, ESPI, "powerOfTenMultiplier", "0");
                text(x, ESPI, "timeAttribute", "0");
                text(x, ESPI, "uom", "72"); // Wh
                endEntry(x);

                for (LocalDate[] window : windows(from, to)) {
                    writeBlocks(x, code, channel, reading, updated, intervals(code, channel, window));
                }
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("Green Button file could not be written", e);
        }
    }

    /** One IntervalBlock per IST day of the window. */
    private void writeBlocks(XMLStreamWriter x, String code, Channel channel, String reading, String updated,
                             List<Period> intervals) throws IOException {
        try {
            int i = 0;
            while (i < intervals.size()) {
                LocalDate day = intervals.get(i).start().atZoneSameInstant(JdbcConsumption.IST).toLocalDate();
                int j = i;
                while (j < intervals.size()
                        && intervals.get(j).start().atZoneSameInstant(JdbcConsumption.IST).toLocalDate().equals(day)) {
                    j++;
                }
                OffsetDateTime dayStart = day.atStartOfDay().atOffset(JdbcConsumption.IST);
                entry(x, "IntervalBlock:" + code + ":" + channel + ":" + day, reading + "/IntervalBlock/" + day, null,
                        day.toString(), updated);
                x.writeStartElement("espi", "IntervalBlock", ESPI);
                x.writeStartElement("espi", "interval", ESPI);
                text(x, ESPI, "duration", "86400");
                text(x, ESPI, "start", String.valueOf(dayStart.toEpochSecond()));
                x.writeEndElement();
                for (Period p : intervals.subList(i, j)) {
                    Quality q = Quality.of(p);
                    if (q == Quality.MISSING) {
                        continue;
                    }
                    x.writeStartElement("espi", "IntervalReading", ESPI);
                    x.writeStartElement("espi", "ReadingQuality", ESPI);
                    text(x, ESPI, "quality", String.valueOf(q.espi));
                    x.writeEndElement();
                    x.writeStartElement("espi", "timePeriod", ESPI);
                    text(x, ESPI, "duration", String.valueOf(p.end().toEpochSecond() - p.start().toEpochSecond()));
                    text(x, ESPI, "start", String.valueOf(p.start().toEpochSecond()));
                    x.writeEndElement();
                    text(x, ESPI, "value", p.value().movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
                            .toPlainString());
                    x.writeEndElement();
                }
                endEntry(x);
                i = j;
            }
        } catch (XMLStreamException e) {
            throw new IOException("Green Button file could not be written", e);
        }
    }

    private static void entry(XMLStreamWriter x, String id, String self, String related, String title, String updated)
            throws XMLStreamException {
        x.writeStartElement("entry");
        text(x, "id", urn(id));
        link(x, "self", self);
        if (related != null) {
            link(x, "related", related);
        }
        text(x, "title", title);
        text(x, "updated", updated);
        x.writeStartElement("content");
    }

    private static void endEntry(XMLStreamWriter x) throws XMLStreamException {
        x.writeEndElement(); // the ESPI resource
        x.writeEndElement(); // content
        x.writeEndElement(); // entry
    }

    private static void link(XMLStreamWriter x, String rel, String href) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("href", href);
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(value);
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String ns, String name, String value) throws XMLStreamException {
        x.writeStartElement("espi", name, ns);
        x.writeCharacters(value);
        x.writeEndElement();
    }

    /** A stable name-based UUID, so the same data downloaded twice has the same ids. */
    private static String urn(String name) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
