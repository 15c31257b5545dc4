package io.asynciotck.tck.harness;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    /**
     * What {@code seq first last} prints: the numbers from {@code first} to {@code last} in decimal, one a
     * line. A child's output the TCK can check byte by byte (a lost, repeated or reordered chunk breaks a
     * number or the sequence), made by a tool every POSIX system has.
     */
    public static byte[] seq(int first, int last) {
        StringBuilder lines = new StringBuilder();
        for (int i = first; i <= last; i++) {
            lines.append(i).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Where {@code got} first differs from {@code expected}, in words (the offset, and the sizes), or null
     * when they are equal.
     */
    public static String difference(byte[] expected, byte[] got) {
        int at = Arrays.mismatch(expected, got);
        if (at < 0) {
            return null;
        }
        if (at == Math.min(expected.length, got.length)) {
            return got.length < expected.length
                    ? "only the first " + got.length + " of the " + expected.length + " bytes expected came"
                    : "the " + expected.length + " bytes expected came, then " + (got.length - expected.length) + " more";
        }
        return "the byte at offset " + at + " differs (" + got.length + " bytes came, " + expected.length + " expected)";
    }
}
