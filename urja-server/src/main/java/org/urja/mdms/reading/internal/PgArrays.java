package org.urja.mdms.reading.internal;

/**
 * Decodes one-dimensional {@code int4[]} / {@code int2[]} columns as the driver hands them over with
 * {@code getBytes}: PostgreSQL's binary array format (header, then a length and the value per element) or, should
 * the driver have asked for text, {@code {1,2,3}}. Straight into primitive arrays, without boxing.
 */
final class PgArrays {

    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private PgArrays() {
    }

    static void decodeInts(byte[] b, long[] into) {
        if (b.length > 0 && b[0] == '{') {
            decodeText(b, into);
            return;
        }
        int n = count(b, into.length);
        int p = 20;
        for (int i = 0; i < n; i++) {
            into[i] = int32(b, p + 4);
            p += 8;
        }
    }

    static void decodeShorts(byte[] b, short[] into) {
        if (b.length > 0 && b[0] == '{') {
            long[] values = new long[into.length];
            decodeText(b, values);
            for (int i = 0; i < into.length; i++) {
                into[i] = (short) values[i];
            }
            return;
        }
        int n = count(b, into.length);
        int p = 20;
        for (int i = 0; i < n; i++) {
            into[i] = (short) (((b[p + 4] & 0xff) << 8) | (b[p + 5] & 0xff));
            p += 6;
        }
    }

    /** Header: dimensions, has-nulls, element type, then size and lower bound of the one dimension. */
    private static int count(byte[] b, int expected) {
        if (int32(b, 0) != 1 || int32(b, 4) != 0) {
            throw new IllegalArgumentException("not a one-dimensional array without nulls");
        }
        int n = int32(b, 12);
        if (n != expected) {
            throw new IllegalArgumentException("array of " + n + " elements, expected " + expected);
        }
        return n;
    }

    private static int int32(byte[] b, int p) {
        return (int) INT.get(b, p);
    }

    private static void decodeText(byte[] b, long[] into) {
        int i = 0;
        long v = 0;
        boolean negative = false;
        for (int p = 1; p < b.length; p++) {
            byte c = b[p];
            if (c == ',' || c == '}') {
                into[i++] = negative ? -v : v;
                v = 0;
                negative = false;
            } else if (c == '-') {
                negative = true;
            } else {
                v = v * 10 + (c - '0');
            }
        }
        if (i != into.length) {
            throw new IllegalArgumentException("array of " + i + " elements, expected " + into.length);
        }
    }
}
