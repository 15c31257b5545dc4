package io.asynciotck.tck.outofprocess;

/** Lines of the protocol as they appear in failure messages: cut to a readable length. */
final class Lines {

    static final int SHOWN = 400;

    private Lines() {
    }

    /** {@code text}, or its first {@link #SHOWN} characters and how many more there were. */
    static String truncate(String text) {
        if (text == null || text.length() <= SHOWN) {
            return text;
        }
        return text.substring(0, SHOWN) + "... (" + (text.length() - SHOWN) + " more characters)";
    }
}
