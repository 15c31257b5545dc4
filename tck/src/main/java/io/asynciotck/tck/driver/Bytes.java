package io.asynciotck.tck.driver;

import java.nio.charset.StandardCharsets;

/** Readable renderings of byte payloads for logs and failure messages. */
public final class Bytes {

    private static final int SHOWN = 40;

    private Bytes() {
    }

    /** {@code b'hello'} for short printable data, {@code <65536 bytes>} for the rest. */
    public static String describe(byte[] data) {
        if (data == null) {
            return "null";
        }
        if (data.length <= SHOWN && isPrintable(data)) {
            return "b'" + new String(data, StandardCharsets.US_ASCII) + "'";
        }
        return "<" + data.length + " bytes>";
    }

    private static boolean isPrintable(byte[] data) {
        for (byte b : data) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
