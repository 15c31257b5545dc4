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

    /**
     * {@code text} as a failure message shows it: its first {@link #SHOWN} characters and how many more
     * there were, with control characters escaped in Java's unicode notation, so that a child's binary
     * garbage can neither break the message's lines nor reach a terminal or an XML report as is.
     */
    static String shown(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() <= SHOWN ? text : text.substring(0, SHOWN);
        String escaped = escapeControls(cut);
        return cut == text ? escaped : escaped + "... (" + (text.length() - SHOWN) + " more characters)";
    }

    private static String escapeControls(String text) {
        return escapeControls(text, false);
    }

    /**
     * {@code text} with its control characters shown as {@code \\uXXXX}, line ends kept: for a message
     * made of several lines, some of them the child's (its error output, a parser's quote of its line).
     */
    static String withControlsEscaped(String text) {
        return escapeControls(text, true);
    }

    private static String escapeControls(String text, boolean keepLineEnds) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(keepLineEnds && c == '\n')) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                escaped.append(String.format("\\u%04x", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /** A size in bytes in words: {@code 16 MiB}, or {@code 1000 bytes}. */
    static String size(int bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
    }
}
