package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.ExceptionInfo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON forms of PROTOCOL.md: neutral values ({@link Values}) with their {@code $} encodings, calls,
 * scripts, outcomes and errors. Encoding is for what the TCK sends; decoding, for what the child sends,
 * is strict: anything malformed is a {@link ProtocolViolation}.
 *
 * <p>Integers decode to {@link Long} (one that does not fit is a violation), other numbers to
 * {@link Double}; arrays to unmodifiable lists.
 */
final class WireCodec {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strict reading (no trailing tokens, no duplicate keys); no limit on string length (big payloads). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build());
    }

    private WireCodec() {
    }

    // ---- lines

    /** One line from the child, which must be a JSON object. */
    static JsonNode parseLine(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ProtocolViolation("not JSON (" + e.getOriginalMessage() + ")");
        }
        return Fields.object(node, "a line");
    }

    /** A message as one line of JSON, without the newline. */
    static String toLine(JsonNode message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message, e);
        }
    }

    // ---- values

    /**
     * The wire form of a neutral value.
     *
     * @throws IllegalArgumentException for a value that is not neutral
     */
    static JsonNode encode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof byte[] bytes) {
            return tagged("$bytes", bytes(bytes));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(item -> array.add(encode(item)));
            return array;
        }
        if (value instanceof Values.Address address) {
            return tagged("$address", NODES.arrayNode(2).add(address.host()).add(address.port()));
        }
        if (value instanceof Values.Opaque opaque) {
            return tagged("$opaque", opaque.kind() == null ? NODES.textNode(opaque.type())
                    : NODES.objectNode().put("type", opaque.type()).put("kind", opaque.kind()));
        }
        if (value instanceof ExceptionInfo error) {
            return tagged("$error", error(error));
        }
        if (value instanceof Values.DataSequence sequence) {
            ObjectNode body = NODES.objectNode();
            body.put("shape", sequence.shape().name().toLowerCase(Locale.ROOT));
            ArrayNode items = body.putArray("items");
            sequence.items().forEach(item -> items.add(tagged("$bytes", bytes(item))));
            return tagged("$sequence", body);
        }
        if (value == Values.Placeholder.RECEIVED_DATA) {
            return tagged("$received_data", NODES.booleanNode(true));
        }
        if (value == Values.Placeholder.RECEIVED_ADDRESS) {
            return tagged("$received_address", NODES.booleanNode(true));
        }
        if (value instanceof Values.BufferSizePlus plus) {
            return tagged("$buffer_size_plus", NODES.numberNode(plus.delta()));
        }
        throw new IllegalArgumentException("not a neutral value, no wire form: " + value + " (" + value.getClass().getName() + ")");
    }

    /** The neutral value of a wire form. */
    static Object decode(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return Fields.integerValue(node, "an integer value");
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(decode(item)));
            return Collections.unmodifiableList(items);
        }
        return decodeTagged(node);
    }

    /** {@code "TYPE"}, or {@code {"type": TYPE, "kind": KIND}} for an object of a known kind. */
    private static Values.Opaque opaque(JsonNode body) {
        if (body.isTextual()) {
            return new Values.Opaque(body.textValue());
        }
        JsonNode type = body.get("type");
        JsonNode kind = body.get("kind");
        if (!body.isObject() || body.size() != 2 || type == null || !type.isTextual() || kind == null || !kind.isTextual()
                || !Values.Opaque.KINDS.contains(kind.textValue())) {
            throw new ProtocolViolation("$opaque must be a type name or {\"type\": TYPE, \"kind\": KIND} with KIND one of "
                    + Values.Opaque.KINDS + ", got " + Fields.shown(body));
        }
        return new Values.Opaque(type.textValue(), kind.textValue());
    }

    private static Object decodeTagged(JsonNode node) {
        if (node.size() != 1) {
            throw new ProtocolViolation("an object value must have exactly one $ key, got " + Fields.shown(node));
        }
        Map.Entry<String, JsonNode> field = node.properties().iterator().next();
        JsonNode body = field.getValue();
        return switch (field.getKey()) {
            case "$bytes" -> bytes(body);
            case "$address" -> address(body);
            case "$opaque" -> opaque(body);
            case "$error" -> error(body);
            case "$sequence" -> sequence(body);
            case "$received_data" -> placeholder(body, field.getKey(), Values.Placeholder.RECEIVED_DATA);
            case "$received_address" -> placeholder(body, field.getKey(), Values.Placeholder.RECEIVED_ADDRESS);
            case "$buffer_size_plus" -> new Values.BufferSizePlus(Fields.integerValue(body, "$buffer_size_plus"));
            default -> throw new ProtocolViolation("unknown value encoding " + Fields.shown(node));
        };
    }

    /** A placeholder's form {@code {"$received_...": true}}. */
    private static Values.Placeholder placeholder(JsonNode body, String tag, Values.Placeholder placeholder) {
        if (!body.isBoolean() || !body.booleanValue()) {
            throw new ProtocolViolation(tag + " must be true, got " + Fields.shown(body));
        }
        return placeholder;
    }

    private static ObjectNode tagged(String tag, JsonNode body) {
        ObjectNode node = NODES.objectNode();
        node.set(tag, body);
        return node;
    }

    private static JsonNode bytes(byte[] data) {
        return NODES.textNode(Base64.getEncoder().encodeToString(data));
    }

    private static byte[] bytes(JsonNode body) {
        if (!body.isTextual()) {
            throw new ProtocolViolation("$bytes must be base64 text, got " + Fields.shown(body));
        }
        try {
            return Base64.getDecoder().decode(body.textValue());
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("$bytes is not base64 (" + e.getMessage() + "): " + Fields.shown(body));
        }
    }

    private static Values.Address address(JsonNode body) {
        if (!body.isArray() || body.size() != 2 || !body.get(0).isTextual()) {
            throw new ProtocolViolation("$address must be [HOST, PORT], got " + Fields.shown(body));
        }
        long port = Fields.integerValue(body.get(1), "the port of $address");
        if (port < 0 || port > 65535) {
            throw new ProtocolViolation("the port of $address is out of range: " + port);
        }
        return new Values.Address(body.get(0).textValue(), (int) port);
    }

    private static Values.DataSequence sequence(JsonNode body) {
        Fields.object(body, "$sequence");
        String shape = Fields.text(body, "shape");
        List<byte[]> items = new ArrayList<>();
        for (JsonNode item : Fields.array(body, "items")) {
            if (!(decode(item) instanceof byte[] data)) {
                throw new ProtocolViolation("the items of $sequence must be $bytes, got " + Fields.shown(item));
            }
            items.add(data);
        }
        Values.DataSequence.Shape kind = switch (shape) {
            case "list" -> Values.DataSequence.Shape.LIST;
            case "tuple" -> Values.DataSequence.Shape.TUPLE;
            case "generator" -> Values.DataSequence.Shape.GENERATOR;
            default -> throw new ProtocolViolation("unknown $sequence shape '" + shape + "'");
        };
        return new Values.DataSequence(kind, items);
    }

    // ---- errors and outcomes

    /** {@code {"kind": KIND, "type": NATIVE_TYPE_NAME, "message": TEXT}}. */
    static ObjectNode error(ExceptionInfo error) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", error.kind().name());
        node.put("type", error.type());
        node.put("message", error.message());
        return node;
    }

    static ExceptionInfo error(JsonNode node) {
        Fields.object(node, "an error");
        String kind = Fields.text(node, "kind");
        ErrorKind errorKind;
        try {
            errorKind = ErrorKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation("unknown error kind '" + kind + "'");
        }
        return new ExceptionInfo(errorKind, Fields.text(node, "type"), Fields.optionalText(node, "message"));
    }

    /** {@code {"ok": true, "value": VALUE}} or {@code {"ok": false, "error": ERROR}}: a reply or an outcome. */
    static Outcome outcome(JsonNode node) {
        Fields.object(node, "an outcome");
        return Fields.bool(node, "ok") ? Outcome.ok(decode(Fields.required(node, "value")))
                : Outcome.failed(error(Fields.required(node, "error")));
    }

    /** A list of outcomes, such as the value of an {@code invoke} reply or the reactions of a {@code complete}. */
    static List<Outcome> outcomes(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new ProtocolViolation(what + " must be a list of outcomes, got " + Fields.shown(node));
        }
        List<Outcome> outcomes = new ArrayList<>(node.size());
        node.forEach(item -> outcomes.add(outcome(item)));
        return outcomes;
    }

    // ---- calls and scripts

    /** {@code {"method": NAME, "args": [VALUE...]}}. */
    static ObjectNode call(Call call) {
        ObjectNode node = NODES.objectNode();
        node.put("method", call.method());
        node.set("args", encode(call.args()));
        return node;
    }

    static ArrayNode calls(List<Call> calls) {
        ArrayNode array = NODES.arrayNode(calls.size());
        calls.forEach(call -> array.add(call(call)));
        return array;
    }

    /** {@code {"reactions": [...], "eof_returns": BOOLEAN or null, "probes": [CALL...]}}, and {@code "bare": true} for {@link Script#BARE}. */
    static ObjectNode script(Script script) {
        ObjectNode node = NODES.objectNode();
        ArrayNode reactions = node.putArray("reactions");
        for (Reaction reaction : script.reactions()) {
            ObjectNode entry = reactions.addObject();
            entry.put("callback", reaction.callback());
            entry.put("occurrence", reaction.occurrence());
            entry.set("calls", calls(reaction.calls()));
        }
        node.put("eof_returns", script.eofReturns());
        node.set("probes", calls(script.probes()));
        if (script.bare()) {
            node.put("bare", true);
        }
        return node;
    }

    // ---- subprocesses

    /**
     * The fields of a {@code create_subprocess} request, without its script: {@code shell}, {@code args}
     * and {@code stdin}, {@code stdout}, {@code stderr} as lower-case names ({@code "pipe"},
     * {@code "inherit"}, {@code "devnull"}, {@code "stdout"}).
     */
    static ObjectNode subprocess(Values.SubprocessSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("shell", spec.shell());
        ArrayNode args = node.putArray("args");
        spec.args().forEach(args::add);
        node.put("stdin", stdio(spec.stdin()));
        node.put("stdout", stdio(spec.stdout()));
        node.put("stderr", stdio(spec.stderr()));
        return node;
    }

    /** A {@link Values.TlsSpec} as the {@code tls} field of {@code create_connection} or {@code create_server}. */
    static ObjectNode tls(Values.TlsSpec tls) {
        ObjectNode node = NODES.objectNode();
        node.put("ca", tls.trustedCa());
        node.put("cert", tls.certificate());
        node.put("key", tls.key());
        node.put("server_hostname", tls.serverHostname());
        node.put("protocol", tls.protocol());
        node.put("require_client_cert", tls.requireClientCertificate());
        return node;
    }

    /** {@code PIPE} as {@code "pipe"}... */
    static String stdio(Values.SubprocessSpec.Stdio stdio) {
        return stdio.name().toLowerCase(Locale.ROOT);
    }
}
