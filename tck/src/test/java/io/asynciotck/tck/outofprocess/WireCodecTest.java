package io.asynciotck.tck.outofprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.DataSequence;
import io.asynciotck.tck.driver.Values.ExceptionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON forms of PROTOCOL.md: values both ways, calls and scripts out, outcomes in; strict decoding. */
class WireCodecTest {

    /** Encodes, writes as a line, parses the line and decodes. */
    private static Object roundTrip(Object value) {
        String line = WireCodec.toLine(WireCodec.NODES.objectNode().set("v", WireCodec.encode(value)));
        return WireCodec.decode(WireCodec.parseLine(line).get("v"));
    }

    private static String wire(Object value) {
        return WireCodec.toLine(WireCodec.encode(value));
    }

    private static Object decode(String json) {
        return WireCodec.decode(WireCodec.parseLine("{\"v\":" + json + "}").get("v"));
    }

    @Test
    void everyByteValueSurvivesTheRoundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat((byte[]) roundTrip(all)).isEqualTo(all);
        assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
        assertThat(wire("hi".getBytes())).isEqualTo("{\"$bytes\":\"aGk=\"}");
    }

    @Test
    void plainValuesStandForThemselves() {
        assertThat(roundTrip(null)).isNull();
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(roundTrip(42)).isEqualTo(42L);
        assertThat(roundTrip(-1L)).isEqualTo(-1L);
        assertThat(roundTrip(1.5)).isEqualTo(1.5);
        assertThat(roundTrip("h\u00e9llo \"quoted\"\n")).isEqualTo("h\u00e9llo \"quoted\"\n");
        assertThat(roundTrip(Arrays.asList(1L, null, "x", List.of(2L)))).isEqualTo(Arrays.asList(1L, null, "x", List.of(2L)));
        assertThat(wire(List.of(1L, "a", false))).isEqualTo("[1,\"a\",false]");
    }

    @Test
    void taggedValuesRoundTrip() {
        assertThat(roundTrip(new Values.Address("::1", 8080))).isEqualTo(new Values.Address("::1", 8080));
        assertThat(roundTrip(new Values.Opaque("socket"))).isEqualTo(new Values.Opaque("socket"));
        for (String kind : Values.Opaque.KINDS) {
            assertThat(roundTrip(new Values.Opaque("T", kind))).isEqualTo(new Values.Opaque("T", kind));
        }
        ExceptionInfo error = new ExceptionInfo(ErrorKind.OS_ERROR, "ConnectionResetError", "[Errno 104] reset");
        assertThat(roundTrip(error)).isEqualTo(error);
        assertThat(roundTrip(new ExceptionInfo(ErrorKind.OTHER, "X", null))).isEqualTo(new ExceptionInfo(ErrorKind.OTHER, "X", null));
        assertThat(roundTrip(Values.Placeholder.RECEIVED_DATA)).isEqualTo(Values.Placeholder.RECEIVED_DATA);
        assertThat(roundTrip(Values.Placeholder.RECEIVED_ADDRESS)).isEqualTo(Values.Placeholder.RECEIVED_ADDRESS);
        assertThat(roundTrip(new Values.BufferSizePlus(-3))).isEqualTo(new Values.BufferSizePlus(-3));
        for (DataSequence.Shape shape : DataSequence.Shape.values()) {
            DataSequence sequence = (DataSequence) roundTrip(new DataSequence(shape, List.of(new byte[] {1}, new byte[] {(byte) 255})));
            assertThat(sequence.shape()).isEqualTo(shape);
            assertThat(sequence.items()).containsExactly(new byte[] {1}, new byte[] {(byte) 255});
        }
    }

    @Test
    void taggedValuesHaveTheDocumentedForms() {
        assertThat(wire(new Values.Address("127.0.0.1", 1))).isEqualTo("{\"$address\":[\"127.0.0.1\",1]}");
        assertThat(wire(new Values.Opaque("socket"))).isEqualTo("{\"$opaque\":\"socket\"}");
        assertThat(wire(new Values.Opaque("TransportSocket", "socket")))
                .isEqualTo("{\"$opaque\":{\"type\":\"TransportSocket\",\"kind\":\"socket\"}}");
        assertThat(wire(new ExceptionInfo(ErrorKind.INVALID_STATE, "RuntimeError", "closed")))
                .isEqualTo("{\"$error\":{\"kind\":\"INVALID_STATE\",\"type\":\"RuntimeError\",\"message\":\"closed\"}}");
        assertThat(wire(new DataSequence(DataSequence.Shape.GENERATOR, List.of("a".getBytes()))))
                .isEqualTo("{\"$sequence\":{\"shape\":\"generator\",\"items\":[{\"$bytes\":\"YQ==\"}]}}");
        assertThat(wire(Values.Placeholder.RECEIVED_DATA)).isEqualTo("{\"$received_data\":true}");
        assertThat(wire(Values.Placeholder.RECEIVED_ADDRESS)).isEqualTo("{\"$received_address\":true}");
        assertThat(wire(new Values.BufferSizePlus(7))).isEqualTo("{\"$buffer_size_plus\":7}");
    }

    @Test
    void aValueThatIsNotNeutralCannotBeEncoded() {
        assertThatThrownBy(() -> WireCodec.encode(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a neutral value");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"$bytes\":\"not base64!\"}", "{\"$bytes\":1}", "{\"$nope\":1}", "{\"$bytes\":\"\",\"$opaque\":\"x\"}", "{}",
            "{\"$address\":[\"h\"]}", "{\"$address\":[\"h\",70000]}", "{\"$error\":{\"kind\":\"WEIRD\",\"type\":\"X\"}}",
            "{\"$error\":{\"kind\":\"OTHER\"}}", "{\"$sequence\":{\"shape\":\"set\",\"items\":[]}}",
            "{\"$sequence\":{\"shape\":\"list\",\"items\":[\"text\"]}}", "123456789012345678901234567890",
            "{\"$received_data\":false}", "{\"$received_address\":1}", "{\"$opaque\":1}",
            "{\"$opaque\":{\"type\":\"X\",\"kind\":\"teapot\"}}", "{\"$opaque\":{\"type\":\"X\"}}",
            "{\"$opaque\":{\"type\":\"X\",\"kind\":\"socket\",\"more\":1}}"})
    void malformedValuesAreProtocolViolations(String json) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(ProtocolViolation.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not JSON", "[1,2]", "\"text\"", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}", ""})
    void aLineMustBeOneJsonObject(String line) {
        assertThatThrownBy(() -> WireCodec.parseLine(line)).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void outcomesDecodeToValuesOrErrors() {
        JsonNode ok = WireCodec.parseLine("{\"ok\":true,\"value\":{\"$bytes\":\"AA==\"}}");
        assertThat((byte[]) WireCodec.outcome(ok).value()).containsExactly(0);
        JsonNode failed = WireCodec.parseLine("{\"ok\":false,\"error\":{\"kind\":\"UNSUPPORTED\",\"type\":\"NotImplementedError\",\"message\":\"\"}}");
        assertThat(WireCodec.outcome(failed)).isEqualTo(Outcome.failed(new ExceptionInfo(ErrorKind.UNSUPPORTED, "NotImplementedError", "")));
        assertThatThrownBy(() -> WireCodec.outcome(WireCodec.parseLine("{\"ok\":true}"))).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("'value' is missing");
        assertThatThrownBy(() -> WireCodec.outcome(WireCodec.parseLine("{\"ok\":\"yes\",\"value\":1}")))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("'ok' must be a boolean");
    }

    @Test
    void scriptsAndCallsHaveTheDocumentedForm() {
        Script script = Script.PASSIVE
                .withReaction(new Reaction("data_received", 0, List.of(Call.of("write", Values.Placeholder.RECEIVED_DATA), Call.of("close"))))
                .withEofReturns(true)
                .withProbe(Call.of("get_extra_info", "peername"));
        assertThat(WireCodec.toLine(WireCodec.script(script))).isEqualTo("{\"reactions\":[{\"callback\":\"data_received\","
                + "\"occurrence\":0,\"calls\":[{\"method\":\"write\",\"args\":[{\"$received_data\":true}]},"
                + "{\"method\":\"close\",\"args\":[]}]}],\"eof_returns\":true,"
                + "\"probes\":[{\"method\":\"get_extra_info\",\"args\":[\"peername\"]}]}");
        assertThat(WireCodec.toLine(WireCodec.script(Script.PASSIVE))).isEqualTo("{\"reactions\":[],\"eof_returns\":null,\"probes\":[]}");
        assertThat(WireCodec.toLine(WireCodec.script(Script.BARE)))
                .isEqualTo("{\"reactions\":[],\"eof_returns\":null,\"probes\":[],\"bare\":true}");
        assertThat(WireCodec.toLine(WireCodec.call(Call.of("set_write_buffer_limits", null, 5L))))
                .isEqualTo("{\"method\":\"set_write_buffer_limits\",\"args\":[null,5]}");
        assertThat(WireCodec.toLine(WireCodec.call(Call.of("sendto", Values.Placeholder.RECEIVED_DATA,
                Values.Placeholder.RECEIVED_ADDRESS)))).isEqualTo("{\"method\":\"sendto\",\"args\":"
                + "[{\"$received_data\":true},{\"$received_address\":true}]}");
    }

    @Test
    void aSubprocessSpecHasLowerCaseStdioNames() {
        Values.SubprocessSpec spec = new Values.SubprocessSpec(true, List.of("echo hi >&2"),
                Values.SubprocessSpec.Stdio.INHERIT, Values.SubprocessSpec.Stdio.PIPE, Values.SubprocessSpec.Stdio.STDOUT);
        assertThat(WireCodec.toLine(WireCodec.subprocess(spec))).isEqualTo(
                "{\"shell\":true,\"args\":[\"echo hi >&2\"],\"stdin\":\"inherit\",\"stdout\":\"pipe\",\"stderr\":\"stdout\"}");
        assertThat(WireCodec.stdio(Values.SubprocessSpec.Stdio.DEVNULL)).isEqualTo("devnull");
    }
}
