package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The numbers a flow-control failure shows: B, the limits, what was written, the sizes the callbacks saw. */
class FlowControlFactsTest {

    private final EventLog log = new EventLog(new Timeouts(Duration.ofMillis(200), Duration.ofMillis(50)));
    private final AtomicLong bufferSize = new AtomicLong();

    /** A session whose transport answers every call with the buffer size, and writes with null. */
    private final DriverSession session = (DriverSession) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {DriverSession.class}, (proxy, method, args) -> {
                if (method.getName().equals("invokeAll")) {
                    @SuppressWarnings("unchecked")
                    List<Call> calls = (List<Call>) args[1];
                    return calls.stream().map(call -> Outcome.ok(call.method().equals("get_write_buffer_size")
                            ? (Object) bufferSize.get() : null)).toList();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private final ConnectionUnderTest connection = new ConnectionUnderTest("c1", session, log, null);

    @Test
    void showsTheBufferRelativeToBAndWhatWasWrittenSinceAndFlagsBytesThatWereNotWritten() {
        bufferSize.set(1000);
        connection.setBufferMark(1000);
        connection.setLimitsSet("high B+10, low B");
        connection.setLimits(List.of(1000L, 1010L));
        connection.batch(Call.of("write", new byte[11]));
        log.append(new Event(0, "c1", null, "pause_writing", List.of(), null, "loop", 0, false,
                Map.of("get_write_buffer_size()", 1107L), List.of()));
        bufferSize.set(1107);

        String facts = connection.describeFlowControl();

        assertThat(facts).contains("B, the write buffer size read before the limits were set: 1000")
                .contains("the limits set: high B+10, low B; get_write_buffer_limits() then: (low, high) = [1000, 1010]")
                .contains("written since B was read: 11 bytes, so until data leaves it the buffer is at most B+11 = 1011")
                .contains("get_write_buffer_size() now: 1107 (B+107): 96 bytes more than were written since B")
                .contains("#1 pause_writing saw 1107 (B+107)");
    }

    @Test
    void saysNothingOfExtraBytesWhenTheBufferCountsWhatWasWritten() {
        bufferSize.set(500);
        connection.setBufferMark(500);
        connection.batch(Call.of("write", new byte[20]));
        bufferSize.set(520);

        assertThat(connection.describeFlowControl()).contains("get_write_buffer_size() now: 520 (B+20)")
                .doesNotContain("more than were written");
    }

    @Test
    void aBulkTransferNamesTheFirstByteThatDiffers() {
        BulkTransfer.Result corrupted = new BulkTransfer.Result("aa", "bb", 1000, 0, 0, 1, 617);
        BulkTransfer.Result intact = new BulkTransfer.Result("aa", "aa", 1000, 0, 0, 1, -1);

        assertThat(corrupted.intact()).isFalse();
        assertThat(corrupted.difference()).endsWith("the first byte that differs is at stream offset 617");
        assertThat(intact.intact()).isTrue();
        assertThat(Payloads.firstMismatch(1000, Payloads.numbered(1000, 300))).isEqualTo(-1);
        byte[] wrong = Payloads.numbered(1000, 300);
        wrong[17]++;
        assertThat(Payloads.firstMismatch(1000, wrong)).isEqualTo(1017);
    }
}
