package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a child tells about itself in the value of its {@code hello} reply.
 *
 * @param implementation names the report folder: letters, digits, {@code .}, {@code _} and {@code -}
 * @param capabilities   lower-case capability names
 * @param description    free text for the reports, such as the language version and the loop class
 */
record Hello(String implementation, Set<String> capabilities, String description, String runtime) {

    /** The protocol version the TCK speaks. */
    static final int PROTOCOL = 1;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Reads and checks the value of a {@code hello} reply. */
    static Hello parse(JsonNode value) {
        Fields.object(value, "the value of the hello reply");
        long protocol = Fields.integer(value, "protocol");
        if (protocol != PROTOCOL) {
            throw new ProtocolViolation("the child speaks protocol version " + protocol + ", the TCK speaks " + PROTOCOL);
        }
        String name = Fields.text(value, "implementation");
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ProtocolViolation("implementation name '" + name
                    + "' cannot name a report folder (use letters, digits, '.', '_' and '-')");
        }
        Set<String> capabilities = new TreeSet<>();
        for (JsonNode capability : Fields.array(value, "capabilities")) {
            if (!capability.isTextual()) {
                throw new ProtocolViolation("capabilities must be strings, got " + Fields.shown(capability));
            }
            capabilities.add(capability.textValue().toLowerCase(Locale.ROOT));
        }
        String description = Fields.optionalText(value, "description");
        String runtime = Fields.optionalText(value, "runtime");
        return new Hello(name, Collections.unmodifiableSet(capabilities), description == null ? name : description,
                runtime == null ? "" : runtime);
    }
}
