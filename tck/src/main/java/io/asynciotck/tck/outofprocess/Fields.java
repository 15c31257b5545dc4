package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed access to the fields of a JSON object from the child: a missing or ill-typed field is a {@link ProtocolViolation}. */
final class Fields {

    private Fields() {
    }

    static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ProtocolViolation(what + " must be a JSON object, got " + shown(node));
        }
        return node;
    }

    /** The field, which must be present (it may be JSON null). */
    static JsonNode required(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new ProtocolViolation("field '" + field + "' is missing");
        }
        return value;
    }

    static String text(JsonNode object, String field) {
        JsonNode value = required(object, field);
        if (!value.isTextual()) {
            throw new ProtocolViolation("field '" + field + "' must be a string, got " + shown(value));
        }
        return value.textValue();
    }

    /** A string field that may be null or missing. */
    static String optionalText(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return text(object, field);
    }

    static long integer(JsonNode object, String field) {
        return integerValue(required(object, field), "field '" + field + "'");
    }

    static long integerValue(JsonNode value, String what) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new ProtocolViolation(what + " must be an integer, got " + shown(value));
        }
        return value.longValue();
    }

    static boolean bool(JsonNode object, String field) {
        JsonNode value = required(object, field);
        if (!value.isBoolean()) {
            throw new ProtocolViolation("field '" + field + "' must be a boolean, got " + shown(value));
        }
        return value.booleanValue();
    }

    static JsonNode array(JsonNode object, String field) {
        JsonNode value = required(object, field);
        if (!value.isArray()) {
            throw new ProtocolViolation("field '" + field + "' must be an array, got " + shown(value));
        }
        return value;
    }

    /** A JSON value in a message, cut to a readable length. */
    static String shown(JsonNode node) {
        return node == null ? "nothing" : Lines.shown(node.toString());
    }
}
