package io.asynciotck.tck.harness;

import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.events.WaitTimeout;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceivedStreamTest {

    private static final Timeouts SHORT = new Timeouts(Duration.ofMillis(200), Duration.ofMillis(50));

    private final EventLog log = new EventLog(SHORT);

    private static Event event(String target, String callback, Object... args) {
        return new Event(0, target, null, callback, Arrays.asList(args), null, "loop-test-1", System.nanoTime(),
                false, Map.of(), List.of());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void data(String target, String text) {
        log.append(event(target, "data_received", (Object) ascii(text)));
    }

    @Test
    void takesTheDataOfItsConnectionOnlyAndHandsOutRangesAcrossCallbacks() {
        data("c1", "one");
        data("c2", "other");
        data("c1", "two");
        data("c1", "three");
        ReceivedStream received = ReceivedStream.dataReceived(log, "c1").catchUp();

        assertThat(received.size()).isEqualTo(11);
        assertThat(received.all()).isEqualTo(ascii("onetwothree"));
        assertThat(received.range(2, 7)).isEqualTo(ascii("etwot"));
        assertThat(received.range(3, 3)).isEmpty();
        assertThatThrownBy(() -> received.range(5, 12)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void awaitNextHandsOutTheBytesAfterThoseChecked() {
        data("c1", "hello");
        data("c1", "world");
        ReceivedStream received = ReceivedStream.dataReceived(log, "c1");

        assertThat(received.awaitNext(3)).isEqualTo(ascii("hel"));
        assertThat(received.awaitNext(4)).isEqualTo(ascii("lowo"));
        assertThat(received.checked()).isEqualTo(7);
        assertThat(received.size()).isEqualTo(10);
    }

    @Test
    void pipeDataIsTakenForItsFdOnly() {
        log.append(event("c1", "pipe_data_received", 1L, ascii("out\n")));
        log.append(event("c1", "pipe_data_received", 2L, ascii("err")));
        log.append(event("c1", "pipe_data_received", 1L, ascii("more")));

        ReceivedStream stdout = ReceivedStream.pipeData(log, "c1", 1).awaitLineEnd();

        assertThat(stdout.catchUp().all()).isEqualTo(ascii("out\nmore"));
        assertThat(ReceivedStream.pipeData(log, "c1", 2).catchUp().all()).isEqualTo(ascii("err"));
    }

    @Test
    void aStreamThatKeepsDeliveringIsWaitedForBeyondTheArrivalTimeout() {
        Thread trickle = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                LockSupport.parkNanos(Duration.ofMillis(60).toNanos());
                data("c1", "0123456789");
            }
        });
        trickle.setDaemon(true);
        trickle.start();
        long start = System.nanoTime();

        assertThat(ReceivedStream.dataReceived(log, "c1").awaitNext(100)).hasSize(100);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(SHORT.arrival());
    }

    @Test
    void aStreamThatStopsFailsWithAWaitTimeout() {
        data("c1", "abc");

        assertThatThrownBy(() -> ReceivedStream.dataReceived(log, "c1").awaitNext(5))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Nothing moved for 200 ms (")
                .hasMessageContaining("while waiting for 5 bytes in all in data_received on c1");
    }
}
