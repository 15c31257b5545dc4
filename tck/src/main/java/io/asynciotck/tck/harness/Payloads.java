package io.asynciotck.tck.harness;

/**
 * Data the TCK sends and expects. "Numbered" data has byte {@code i} of the stream equal to
 * {@code i mod 251}: 251 is prime, so a lost, repeated or reordered chunk of any size shows up.
 */
public final class Payloads {

    private static final int MODULUS = 251;

    private Payloads() {
    }

    /** {@code length} bytes of numbered data starting at stream offset {@code offset}. */
    public static byte[] numbered(long offset, int length) {
        byte[] data = new byte[length];
        int value = (int) (offset % MODULUS);
        for (int i = 0; i < length; i++) {
            data[i] = (byte) value;
            if (++value == MODULUS) {
                value = 0;
            }
        }
        return data;
    }

    /**
     * The offset of the first byte of {@code data} that is not numbered data continuing from
     * {@code offset}, or -1 when all are.
     */
    public static long firstMismatch(long offset, byte[] data) {
        int value = (int) (offset % MODULUS);
        for (int i = 0; i < data.length; i++) {
            if (data[i] != (byte) value) {
                return offset + i;
            }
            if (++value == MODULUS) {
                value = 0;
            }
        }
        return -1;
    }
}
