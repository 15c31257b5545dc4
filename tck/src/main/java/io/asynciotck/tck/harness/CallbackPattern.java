package io.asynciotck.tck.harness;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern over a sequence of callback names, written as the spec writes its state machine:
 * space-separated names, each optionally followed by {@code ?} (at most once), {@code *} (any number
 * of times) or {@code +} (at least once). {@code "connection_made data_received* eof_received? connection_lost"}
 * matches exactly the sequences the streaming state machine allows.
 */
public final class CallbackPattern {

    private static final Pattern TOKEN = Pattern.compile("([a-z_]+)([?*+]?)");

    private final String source;
    private final Pattern regex;

    private CallbackPattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /**
     * @throws IllegalArgumentException naming the token that is not a callback name with an optional
     *                                  quantifier
     */
    public static CallbackPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        StringBuilder regex = new StringBuilder();
        for (String token : pattern.trim().split("\\s+")) {
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a callback name with an optional ?, * or +: '" + token
                        + "' in pattern '" + pattern + "'");
            }
            regex.append("(?:").append(m.group(1)).append(' ').append(')').append(m.group(2));
        }
        return new CallbackPattern(pattern, Pattern.compile(regex.toString()));
    }

    /** Whether the whole sequence of names matches. */
    public boolean matches(List<String> callbacks) {
        StringBuilder names = new StringBuilder();
        for (String name : callbacks) {
            names.append(name).append(' ');
        }
        return regex.matcher(names).matches();
    }

    @Override
    public String toString() {
        return source;
    }
}
