package org.urja.mdms.hes;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingQuality;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Streaming parser and validator of the contract's MeterReadings message (hot path of ingestion). It enforces the
 * same rules as the Bean Validation annotations of {@code org.urja.hes.contract.MeterReadingsMessage} and names
 * fields the same way ({@code meterReadings[0].intervalBlocks[0].intervalReadings[1].value}) — a conformance test
 * holds the two together — but reads the bytes once into a {@link MeterReadingsBatch} without an object per value.
 * Fields may come in any order; unknown fields are ignored (forward compatibility), JSON {@code null} means absent.
 * Timestamps are RFC 3339 date-times ({@code Z} or an offset); values are JSON numbers.
 */
public final class MeterReadingsParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern READING_TYPE = Pattern.compile(ReadingTypes.PATTERN);
    private static final int MAX_ISSUES = 50;

    private MeterReadingsParser() {
    }

    /** Parses and validates; throws {@link ApiProblem} (400, every issue named by field) when the message is invalid. */
    public static MeterReadingsBatch parse(byte[] json) {
        State s = new State();
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiProblem.badRequest("body", "MeterReadings must be a JSON object");
            }
            s.message(p);
            if (p.nextToken() != null) {
                throw ApiProblem.badRequest("body", "Unexpected content after the MeterReadings object");
            }
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("body", "Malformed JSON: " + e.getOriginalMessage());
        }
        if (!s.issues.isEmpty()) {
            throw ApiProblem.badRequest(s.issues.get(0).field() + ": " + s.issues.get(0).message(), s.issues);
        }
        return s.batch();
    }

    private static final class State {
        final List<FieldIssue> issues = new ArrayList<>();
        String messageId;
        Instant sentAt;
        String correlationId;
        boolean meterReadingsSeen;
        // meters
        final List<String> serials = new ArrayList<>();
        final List<ReadingProfile> profiles = new ArrayList<>();
        final List<List<Reading>> registers = new ArrayList<>();
        int[] blockStart = new int[64];
        // blocks (of the whole message, in meter order)
        final List<String> readingTypes = new ArrayList<>();
        int[] intervalSeconds = new int[256];
        int[] readingStart = new int[256];
        int blocks;
        // interval readings
        long[] endMillis = new long[4096];
        long[] unscaled = new long[4096];
        byte[] scale = new byte[4096];
        byte[] quality = new byte[4096];
        int readings;

        void issue(String field, String message) {
            if (issues.size() < MAX_ISSUES) {
                issues.add(FieldIssue.of(field, message));
            }
        }

        void message(JsonParser p) {
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "messageId" -> messageId = string(p, t, "messageId");
                    case "sentAt" -> sentAt = instant(p, t, "sentAt");
                    case "correlationId" -> correlationId = string(p, t, "correlationId");
                    case "meterReadings" -> meterReadings(p, t);
                    default -> p.skipChildren();
                }
            }
            if (messageId == null || messageId.isBlank()) {
                issue("messageId", "must not be blank");
            } else if (messageId.length() > 128) {
                issue("messageId", "size must be between 0 and 128");
            }
            if (sentAt == null && !hasIssue("sentAt")) {
                issue("sentAt", "must not be null");
            }
            if (correlationId != null && correlationId.length() > 128) {
                issue("correlationId", "size must be between 0 and 128");
            }
            if (!meterReadingsSeen || serials.isEmpty()) {
                issue("meterReadings", "must not be empty");
            }
        }

        private boolean hasIssue(String field) {
            return issues.stream().anyMatch(i -> i.field().equals(field));
        }

        /**
         * Reads an array of objects at {@code path}, handing each object (its start token just read) to {@code each}
         * with its index. JSON null is an absent array; a value that is not an array, or an element that is not an
         * object, is an issue named by its path. Returns whether an array was there.
         */
        private boolean objects(JsonParser p, JsonToken t, String path, java.util.function.IntConsumer each) {
            if (t == JsonToken.VALUE_NULL) {
                return false;
            }
            if (t != JsonToken.START_ARRAY) {
                issue(path, "must be an array");
                p.skipChildren();
                return false;
            }
            int i = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int index = i++;
                if (t != JsonToken.START_OBJECT) {
                    issue(path + "[" + index + "]", t == JsonToken.VALUE_NULL ? "must not be null" : "must be an object");
                    p.skipChildren();
                    continue;
                }
                each.accept(index);
            }
            return true;
        }

        void meterReadings(JsonParser p, JsonToken t) {
            meterReadingsSeen = objects(p, t, "meterReadings", i -> meterReading(p, "meterReadings[" + i + "]"));
        }

        void meterReading(JsonParser p, String path) {
            int meter = serials.size();
            if (meter + 1 >= blockStart.length) {
                blockStart = Arrays.copyOf(blockStart, blockStart.length * 2);
            }
            blockStart[meter] = blocks;
            String serial = null;
            ReadingProfile profile = null;
            boolean profileBad = false;
            List<Reading> regs = List.of();
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "meterSerialNo" -> serial = string(p, t, path + ".meterSerialNo");
                    case "profile" -> {
                        String v = string(p, t, path + ".profile");
                        if (v != null) {
                            try {
                                profile = ReadingProfile.valueOf(v);
                            } catch (IllegalArgumentException e) {
                                profileBad = true;
                                issue(path + ".profile", "must be one of " + Arrays.toString(ReadingProfile.values()));
                            }
                        }
                    }
                    case "intervalBlocks" -> intervalBlocks(p, t, path + ".intervalBlocks");
                    case "readings" -> regs = readings(p, t, path + ".readings");
                    default -> p.skipChildren();
                }
            }
            if (serial == null || serial.isBlank()) {
                issue(path + ".meterSerialNo", "must not be blank");
            } else if (serial.length() > 64) {
                issue(path + ".meterSerialNo", "size must be between 0 and 64");
            }
            if (profile == null && !profileBad) {
                issue(path + ".profile", "must not be null");
            }
            serials.add(serial);
            profiles.add(profile);
            registers.add(regs);
            blockStart[meter + 1] = blocks;
        }

        void intervalBlocks(JsonParser p, JsonToken t, String path) {
            objects(p, t, path, i -> intervalBlock(p, path + "[" + i + "]"));
        }

        void intervalBlock(JsonParser p, String path) {
            int block = blocks++;
            if (blocks + 1 >= readingStart.length) {
                readingStart = Arrays.copyOf(readingStart, readingStart.length * 2);
                intervalSeconds = Arrays.copyOf(intervalSeconds, intervalSeconds.length * 2);
            }
            readingStart[block] = readings;
            String readingType = null;
            Integer seconds = null;
            boolean secondsBad = false;
            boolean readingsSeen = false;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "readingType" -> readingType = string(p, t, path + ".readingType");
                    case "intervalSeconds" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT) {
                            seconds = p.getIntValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            secondsBad = true;
                            issue(path + ".intervalSeconds", "must be an integer");
                            p.skipChildren();
                        }
                    }
                    case "intervalReadings" -> {
                        readingsSeen = t != JsonToken.VALUE_NULL;
                        intervalReadings(p, t, path + ".intervalReadings");
                    }
                    default -> p.skipChildren();
                }
            }
            readingType(readingType, path + ".readingType");
            if (seconds == null && !secondsBad) {
                issue(path + ".intervalSeconds", "must not be null");
            } else if (seconds != null && seconds != 900 && seconds != 1800) {
                issue(path + ".intervalSeconds", "must be 900 or 1800 (15 or 30 minutes)");
            }
            if (!readingsSeen) {
                issue(path + ".intervalReadings", "must not be null");
            }
            readingTypes.add(readingType);
            intervalSeconds[block] = seconds == null ? 0 : seconds;
            readingStart[block + 1] = readings;
        }

        void intervalReadings(JsonParser p, JsonToken t, String path) {
            objects(p, t, path, i -> intervalReading(p, path, i));
        }

        void intervalReading(JsonParser p, String path, int index) {
            int r = readings;
            if (r == endMillis.length) {
                int n = r * 2;
                endMillis = Arrays.copyOf(endMillis, n);
                unscaled = Arrays.copyOf(unscaled, n);
                scale = Arrays.copyOf(scale, n);
                quality = Arrays.copyOf(quality, n);
            }
            boolean hasTime = false;
            boolean hasValue = false;
            int q = 0;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "timeStamp" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            long millis = epochMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                            if (millis == Long.MIN_VALUE) {
                                issue(elementPath(path, index, "timeStamp"), "must be an RFC 3339 date-time such as 2026-03-01T00:15:00Z");
                            } else {
                                endMillis[r] = millis;
                                hasTime = true;
                            }
                        } else if (t != JsonToken.VALUE_NULL) {
                            issue(elementPath(path, index, "timeStamp"), "must be an RFC 3339 date-time string");
                            p.skipChildren();
                        }
                    }
                    case "value" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            if (decimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), r)) {
                                hasValue = true;
                            } else {
                                issue(elementPath(path, index, "value"), "must be a number with at most 18 significant digits and 9 decimals");
                            }
                        } else if (t != JsonToken.VALUE_NULL) {
                            issue(elementPath(path, index, "value"), "must be a number");
                            p.skipChildren();
                        }
                        if (t == JsonToken.VALUE_NULL) {
                            hasValue = false;
                        }
                    }
                    case "qualities" -> q = intervalQualities(p, t, path, index);
                    default -> p.skipChildren();
                }
            }
            if (!hasTime && !hasIssueAt(path, index, "timeStamp")) {
                issue(elementPath(path, index, "timeStamp"), "must not be null");
            }
            if (!hasValue && !hasIssueAt(path, index, "value")) {
                issue(elementPath(path, index, "value"), "must not be null");
            }
            quality[r] = (byte) q;
            readings++;
        }

        private boolean hasIssueAt(String path, int index, String field) {
            if (issues.isEmpty()) {
                return false;
            }
            String f = elementPath(path, index, field);
            return hasIssue(f);
        }

        private static String elementPath(String path, int index, String field) {
            return path + "[" + index + "]." + field;
        }

        int qualities(JsonParser p, JsonToken t, String field) {
            if (t == JsonToken.VALUE_NULL) {
                return 0;
            }
            if (t != JsonToken.START_ARRAY) {
                issue(field, "must be an array");
                p.skipChildren();
                return 0;
            }
            return qualityElements(p, p.nextToken(), field);
        }

        /** An interval reading's qualities; the common empty array costs no field path. */
        int intervalQualities(JsonParser p, JsonToken t, String path, int index) {
            if (t != JsonToken.START_ARRAY) {
                return qualities(p, t, elementPath(path, index, "qualities"));
            }
            JsonToken first = p.nextToken();
            return first == JsonToken.END_ARRAY ? 0 : qualityElements(p, first, elementPath(path, index, "qualities"));
        }

        /** The elements of a qualities array, {@code t} being the first element's token (or its end). */
        int qualityElements(JsonParser p, JsonToken t, String field) {
            int mask = 0;
            int i = 0;
            for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
                ReadingQuality quality = t == JsonToken.VALUE_STRING ? quality(p.getString()) : null;
                if (quality == null) {
                    issue(field + "[" + i + "]", "must be one of " + Arrays.toString(ReadingQuality.values()));
                    p.skipChildren();
                } else {
                    mask |= 1 << quality.ordinal();
                }
                i++;
            }
            return mask;
        }

        private static ReadingQuality quality(String s) {
            for (ReadingQuality q : ReadingQuality.values()) {
                if (q.name().equals(s)) {
                    return q;
                }
            }
            return null;
        }

        List<Reading> readings(JsonParser p, JsonToken t, String path) {
            List<Reading> out = new ArrayList<>();
            objects(p, t, path, i -> {
                Reading r = reading(p, path + "[" + i + "]");
                if (r != null) {
                    out.add(r);
                }
            });
            return out;
        }

        Reading reading(JsonParser p, String path) {
            String readingType = null;
            Instant timeStamp = null;
            Instant occurredAt = null;
            BigDecimal value = null;
            boolean valueBad = false;
            int q = 0;
            int before = issues.size();
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "readingType" -> readingType = string(p, t, path + ".readingType");
                    case "timeStamp" -> timeStamp = instant(p, t, path + ".timeStamp");
                    case "occurredAt" -> occurredAt = instant(p, t, path + ".occurredAt");
                    case "value" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            value = p.getDecimalValue();
                        } else if (t != JsonToken.VALUE_NULL) {
                            valueBad = true;
                            issue(path + ".value", "must be a number");
                            p.skipChildren();
                        }
                    }
                    case "qualities" -> q = qualities(p, t, path + ".qualities");
                    default -> p.skipChildren();
                }
            }
            readingType(readingType, path + ".readingType");
            if (timeStamp == null && !hasIssue(path + ".timeStamp")) {
                issue(path + ".timeStamp", "must not be null");
            }
            if (value == null && !valueBad) {
                issue(path + ".value", "must not be null");
            }
            if (issues.size() > before) {
                return null;
            }
            List<ReadingQuality> qualities = new ArrayList<>();
            for (ReadingQuality rq : ReadingQuality.values()) {
                if ((q & (1 << rq.ordinal())) != 0) {
                    qualities.add(rq);
                }
            }
            return new Reading(readingType, timeStamp, value, occurredAt, qualities);
        }

        private void readingType(String readingType, String field) {
            if (readingType == null || readingType.isBlank()) {
                issue(field, "must not be blank");
            } else if (!READING_TYPE.matcher(readingType).matches()) {
                issue(field, "must match \"" + ReadingTypes.PATTERN + "\"");
            }
        }

        private String string(JsonParser p, JsonToken t, String field) {
            if (t == JsonToken.VALUE_STRING) {
                return p.getString();
            }
            if (t != JsonToken.VALUE_NULL) {
                issue(field, "must be a string");
                p.skipChildren();
            }
            return null;
        }

        private Instant instant(JsonParser p, JsonToken t, String field) {
            if (t == JsonToken.VALUE_STRING) {
                long millis = epochMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (millis != Long.MIN_VALUE) {
                    return Instant.ofEpochMilli(millis);
                }
                try {
                    return OffsetDateTime.parse(p.getString()).toInstant();
                } catch (DateTimeException e) {
                    issue(field, "must be an RFC 3339 date-time such as 2026-03-01T00:15:00Z");
                }
            } else if (t != JsonToken.VALUE_NULL) {
                issue(field, "must be an RFC 3339 date-time string");
                p.skipChildren();
            }
            return null;
        }

        /** Parses a JSON number's text into unscaled/scale at index r; false when it does not fit 18 digits / 9 decimals. */
        private boolean decimal(char[] c, int off, int len, int r) {
            int i = off;
            int end = off + len;
            boolean negative = false;
            if (i < end && c[i] == '-') {
                negative = true;
                i++;
            }
            long v = 0;
            int digits = 0;
            int decimals = 0;
            boolean fraction = false;
            for (; i < end; i++) {
                char ch = c[i];
                if (ch >= '0' && ch <= '9') {
                    if (digits > 0 || ch != '0') {
                        digits++;
                    }
                    if (digits > 18) {
                        return fallback(new String(c, off, len), r);
                    }
                    v = v * 10 + (ch - '0');
                    if (fraction) {
                        decimals++;
                    }
                } else if (ch == '.' && !fraction) {
                    fraction = true;
                } else {
                    return fallback(new String(c, off, len), r); // exponent
                }
            }
            if (decimals > 9) {
                return fallback(new String(c, off, len), r);
            }
            unscaled[r] = negative ? -v : v;
            scale[r] = (byte) decimals;
            return true;
        }

        private boolean fallback(String text, int r) {
            try {
                BigDecimal d = new BigDecimal(text).stripTrailingZeros();
                if (d.scale() < 0) {
                    d = d.setScale(0);
                }
                if (d.scale() > 9 || d.precision() > 18) {
                    return false;
                }
                unscaled[r] = d.unscaledValue().longValueExact();
                scale[r] = (byte) d.scale();
                return true;
            } catch (NumberFormatException | ArithmeticException e) {
                return false;
            }
        }

        MeterReadingsBatch batch() {
            return new MeterReadingsBatch(messageId, sentAt, correlationId, serials.toArray(String[]::new),
                    profiles.toArray(ReadingProfile[]::new), Arrays.copyOf(blockStart, serials.size() + 1), registers,
                    readingTypes.toArray(String[]::new), Arrays.copyOf(intervalSeconds, blocks),
                    Arrays.copyOf(readingStart, blocks + 1), Arrays.copyOf(endMillis, readings),
                    Arrays.copyOf(unscaled, readings), Arrays.copyOf(scale, readings), Arrays.copyOf(quality, readings));
        }
    }

    /**
     * Epoch milliseconds of an RFC 3339 date-time {@code yyyy-MM-ddTHH:mm:ss[.fff…](Z|±HH:MM)} without allocating, or
     * {@code Long.MIN_VALUE} when the text has another shape or an impossible field (the caller then falls back to
     * the JDK parser or reports the field). Fractions beyond milliseconds are truncated.
     */
    static long epochMillis(char[] c, int off, int len) {
        if (len < 20 || c[off + 4] != '-' || c[off + 7] != '-' || (c[off + 10] != 'T' && c[off + 10] != 't')
                || c[off + 13] != ':' || c[off + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(c, off, 4);
        int month = digits(c, off + 5, 2);
        int day = digits(c, off + 8, 2);
        int hour = digits(c, off + 11, 2);
        int minute = digits(c, off + 14, 2);
        int second = digits(c, off + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        int i = off + 19;
        int end = off + len;
        int millis = 0;
        if (c[i] == '.') {
            i++;
            int n = 0;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (n < 3) {
                    millis = millis * 10 + (c[i] - '0');
                }
                n++;
                i++;
            }
            if (n == 0) {
                return Long.MIN_VALUE;
            }
            for (int k = Math.min(n, 3); k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == end - 1 && (c[i] == 'Z' || c[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == end - 6 && (c[i] == '+' || c[i] == '-') && c[i + 3] == ':') {
            int oh = digits(c, i + 1, 2);
            int om = digits(c, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (c[i] == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    private static int digits(char[] c, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char ch = c[off + i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the algorithm of java.time.LocalDate.toEpochDay). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            boolean leap = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
            if (!leap) {
                total--;
            }
        }
        return total - 719_528;
    }
}
