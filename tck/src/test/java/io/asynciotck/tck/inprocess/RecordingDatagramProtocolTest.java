package io.asynciotck.tck.inprocess;

import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.ExceptionInfo;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datagram side of the in-process driver without a loop: {@link RecordingDatagramProtocol} and the
 * datagram calls of {@link TransportCalls} on a fake {@link DatagramTransport} that records its calls.
 */
class RecordingDatagramProtocolTest {

    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 4000);

    private final EventLog log = new EventLog(Timeouts.DEFAULTS);
    private final CallbackRecorder recorder = new CallbackRecorder(log);
    private final Targets targets = new Targets();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private RecordingDatagramProtocol made(Script script, FakeDatagramTransport transport) {
        RecordingDatagramProtocol protocol = new RecordingDatagramProtocol(script, targets, recorder);
        protocol.connectionMade(transport);
        return protocol;
    }

    @Test
    void recordsEveryCallbackWithNeutralArguments() {
        FakeDatagramTransport transport = new FakeDatagramTransport();
        RecordingDatagramProtocol protocol = made(Script.PASSIVE.withProbe(Call.of("get_write_buffer_size")), transport);

        protocol.datagramReceived(bytes("hi"), SENDER);
        protocol.errorReceived(new PortUnreachableException("unreachable"));
        protocol.pauseWriting();
        protocol.resumeWriting();
        protocol.connectionLost(null);

        List<Event> events = log.snapshot();
        assertThat(events).extracting(Event::callback).containsExactly("connection_made", "datagram_received",
                "error_received", "pause_writing", "resume_writing", "connection_lost");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.target()).isEqualTo("c1");
            assertThat(event.origin()).isNull();
            assertThat(event.probes()).containsEntry("get_write_buffer_size()", 0L);
        });
        assertThat((byte[]) events.get(1).arg(0)).isEqualTo(bytes("hi"));
        assertThat(events.get(1).arg(1)).isEqualTo(new Values.Address("127.0.0.1", 4000));
        assertThat(events.get(2).args()).containsExactly(
                new ExceptionInfo(ErrorKind.OS_ERROR, "PortUnreachableException", "unreachable"));
        assertThat(events.get(5).args()).containsExactly((Object) null);
    }

    @Test
    void aReactionRepliesToTheSenderWithTheAddressAsTheImplementationGaveIt() {
        FakeDatagramTransport transport = new FakeDatagramTransport();
        Script echo = Script.PASSIVE.withReaction(new Reaction("datagram_received", 0, List.of(
                Call.of("sendto", Values.Placeholder.RECEIVED_DATA, Values.Placeholder.RECEIVED_ADDRESS))));
        RecordingDatagramProtocol protocol = made(echo, transport);

        protocol.datagramReceived(bytes("ping"), SENDER);

        assertThat(transport.sent).containsExactly("b'ping' to " + SENDER);
        assertThat(log.snapshot().get(1).reactions()).containsExactly(Outcome.ok(null));
    }

    @Test
    void streamConnectionsAndDatagramEndpointsShareOneIdSequence() {
        RecordingProtocol stream = new RecordingProtocol(Script.PASSIVE, null, targets, recorder);
        RecordingDatagramProtocol datagram = new RecordingDatagramProtocol(Script.PASSIVE, targets, recorder);

        stream.connectionMade(new FakeDatagramTransport());
        datagram.connectionMade(new FakeDatagramTransport());

        assertThat(stream.id()).isEqualTo("c1");
        assertThat(datagram.id()).isEqualTo("c2");
    }

    @Test
    void sendtoTakesANeutralAddressOrNone() {
        FakeDatagramTransport transport = new FakeDatagramTransport();

        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("a"), new Values.Address("127.0.0.1", 9)), null))
                .isEqualTo(Outcome.ok(null));
        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("b"), null), null)).isEqualTo(Outcome.ok(null));
        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("c")), null)).isEqualTo(Outcome.ok(null));

        assertThat(transport.sent).containsExactly("b'a' to " + new InetSocketAddress("127.0.0.1", 9),
                "b'b' to null", "b'c' to null");
    }

    @Test
    void datagramCallsFailAsTheyShould() {
        FakeDatagramTransport transport = new FakeDatagramTransport();

        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("x"), "127.0.0.1:9"), null).error().kind())
                .isEqualTo(ErrorKind.INVALID_TYPE);
        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("x"), new Values.Address("127.0.0.1", 70000)),
                null).error().kind()).isEqualTo(ErrorKind.INVALID_VALUE);
        assertThat(TransportCalls.invoke(transport, Call.of("write", bytes("x")), null).error())
                .isEqualTo(new ExceptionInfo(ErrorKind.OTHER, "UnknownMethod",
                        "write is not a method of a FakeDatagramTransport (it needs a WriteTransport)"));
        assertThat(TransportCalls.invoke(new Object(), Call.of("sendto", bytes("x"), null), null).error().type())
                .isEqualTo("UnknownMethod");
        assertThat(TransportCalls.invoke(transport, Call.of("sendto", Values.Placeholder.RECEIVED_ADDRESS), null).error().type())
                .isEqualTo("ScriptError");
        assertThat(TransportCalls.invoke(transport, Call.of("sendto", bytes("x"), Values.Placeholder.RECEIVED_ADDRESS),
                new TransportCalls.Received(bytes("data_received"), null)).error())
                .isEqualTo(new ExceptionInfo(ErrorKind.OTHER, "ScriptError",
                        "RECEIVED_ADDRESS is only defined in datagram_received: sendto(b'x', RECEIVED_ADDRESS)"));
        assertThat(transport.sent).isEmpty();
    }

    @Test
    void flowControlCloseAbortAndExtraInfoWorkOnDatagramTransports() {
        FakeDatagramTransport transport = new FakeDatagramTransport();

        List<Outcome> outcomes = new ArrayList<>();
        for (Call call : List.of(Call.of("set_write_buffer_limits", 10L, 2L), Call.of("get_write_buffer_limits"),
                Call.of("get_write_buffer_size"), Call.of("get_extra_info", "sockname"), Call.of("close"),
                Call.of("abort"))) {
            outcomes.add(TransportCalls.invoke(transport, call, null));
        }

        assertThat(outcomes).containsExactly(Outcome.ok(null), Outcome.ok(List.of(2L, 10L)), Outcome.ok(0L),
                Outcome.ok(new Values.Address("127.0.0.1", 5000)), Outcome.ok(null), Outcome.ok(null));
        assertThat(transport.closed).containsExactly("close", "abort");
    }

    /** Records what is called on it; only {@code sockname} as extra information. */
    private static final class FakeDatagramTransport implements DatagramTransport {
        final List<String> sent = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        private WriteBufferLimits limits = new WriteBufferLimits(0, 0);

        @Override
        public void sendto(byte[] data, SocketAddress addr) {
            sent.add(Bytes.describe(data) + " to " + addr);
        }

        @Override
        public void abort() {
            closed.add("abort");
        }

        @Override
        public void close() {
            closed.add("close");
        }

        @Override
        public Object getExtraInfo(String name, Object defaultValue) {
            return name.equals("sockname") ? new InetSocketAddress("127.0.0.1", 5000) : defaultValue;
        }

        @Override
        public long getWriteBufferSize() {
            return 0;
        }

        @Override
        public WriteBufferLimits getWriteBufferLimits() {
            return limits;
        }

        @Override
        public void setWriteBufferLimits(Long high, Long low) {
            limits = new WriteBufferLimits(low, high);
        }
    }
}
