package io.asynciotck.tck.outofprocess;

/** Lines of the protocol: how long they may be, and how they appear in failure messages. */
final class Lines {

    /**
     * The most bytes a line from the child may have, without its newline (PROTOCOL.md): 16 MiB. The
     * longest lines of the Python driver are data_received events of at most 256 KiB of data, some
     * 350 KB of base64.
     */
    static final int LIMIT = 16 * 1024 * 1024;

    static final int SHOWN = 400;

    private static final int MIB = 1024 * 1024;

    private Lines() {
    }

    /** {@code text}, or its first {@link #SHOWN} characters and how many more there were. */
    static String truncate(String text) {
        if (text == null || text.length() <= SHOWN) {
            return text;
        }
        return text.substring(0, SHOWN) + "... (" + (text.length() - SHOWN) + " more characters)";
    }

    /** A size in bytes in words: {@code 16 MiB}, or {@code 1000 bytes}. */
    static String size(int bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
    }
}
