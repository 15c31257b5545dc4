package io.asynciotck.tck.peer;

import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.events.WaitTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TCK's pipe peer against a JDK pipe whose other end plays the implementation. */
class PeerPipeTest {

    private EventLog log;
    private Pipe pipe;

    @BeforeEach
    void open() throws IOException {
        log = new EventLog(new Timeouts(Duration.ofMillis(500), Duration.ofMillis(100)));
        log.setRules("PEER-2");
        pipe = Pipe.open();
    }

    @AfterEach
    void close() throws IOException {
        pipe.source().close();
        pipe.sink().close();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("peer-pipe-io") && t.isAlive());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void whatTheWriterSendsAndItsCloseReachTheOtherEnd() throws IOException {
        PeerPipe writer = PeerPipe.writing(pipe.sink(), log);
        writer.send(ascii("hello"));
        writer.shutdownOutput();
        ByteBuffer got = ByteBuffer.allocate(16);
        while (pipe.source().read(got) >= 0) {
            // until the end of the stream
        }
        assertThat(new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(writer.totalWritten()).isEqualTo(5);
    }

    @Test
    void aSendThatThePipeCannotTakeFailsInTimeAndClosesThePipe() {
        PeerPipe writer = PeerPipe.writing(pipe.sink(), log);
        assertThatThrownBy(() -> writer.send(new byte[4 * 1024 * 1024]))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("Rule PEER-2")
                .hasMessageContaining("is the implementation reading?");
        assertThat(pipe.sink().isOpen()).isFalse();
    }

    @Test
    void theReaderReadsExactlyThenTheEnd() throws IOException {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        pipe.sink().write(ByteBuffer.wrap(ascii("onetwo")));
        assertThat(reader.readExactly(3)).isEqualTo(ascii("one"));
        pipe.sink().close();
        assertThat(reader.readUntilEof()).isEqualTo(ascii("two"));
        assertThat(reader.totalRead()).isEqualTo(6);
        reader.close();
    }

    @Test
    void aQuietPeriodLeavesItsReadOutstandingAndLosesNothing() throws IOException {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        reader.assertNoDataOrEofWithinQuietPeriod();
        pipe.sink().write(ByteBuffer.wrap(ascii("late")));
        assertThat(reader.readExactly(4)).isEqualTo(ascii("late"));
        reader.close();
    }

    @Test
    void dataWithinTheQuietPeriodFails() throws IOException {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        pipe.sink().write(ByteBuffer.wrap(ascii("early")));
        assertThatThrownBy(reader::assertNoDataOrEofWithinQuietPeriod)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected neither data nor the end of the stream")
                .hasMessageContaining("early");
        reader.close();
    }

    @Test
    void aReadThatGetsNothingInTimeFailsAndCloseEndsIt() {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        assertThatThrownBy(() -> reader.readExactly(1))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageContaining("waiting for the TCK's read end of the pipe to receive 1 bytes; 0 came so far");
        reader.close();
    }

    @Test
    void eachEndRefusesTheOtherDirectionByName() {
        PeerPipe writer = PeerPipe.writing(pipe.sink(), log);
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        assertThatThrownBy(() -> writer.readExactly(1)).hasMessageContaining("the implementation reads this pipe");
        assertThatThrownBy(() -> reader.send(ascii("x"))).hasMessageContaining("the implementation writes this pipe");
        assertThatThrownBy(reader::reset).hasMessageContaining("a pipe has no reset");
    }

    // ---- waits on progress

    /** Writes {@code chunks} KiB into the pipe, one every 100 ms, on a daemon thread. */
    private void trickle(int chunks) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i < chunks; i++) {
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    pipe.sink().write(ByteBuffer.allocate(1024));
                }
            } catch (IOException ignored) {
                // the peer's read fails then
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    @Test
    void aSlowButSteadyStreamIsReadBeyondTheArrivalTimeout() {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        trickle(8);
        long start = System.nanoTime();

        assertThat(reader.readExactly(8 * 1024)).hasSize(8 * 1024);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        reader.close();
    }

    @Test
    void aStreamThatStopsFailsWithAWaitTimeout() {
        PeerPipe reader = PeerPipe.reading(pipe.source(), log);
        trickle(2);

        assertThatThrownBy(() -> reader.readExactly(8 * 1024))
                .isInstanceOf(WaitTimeout.class)
                .hasMessageStartingWith("Rule PEER-2: Nothing moved for 500 ms (")
                .hasMessageContaining("to receive 8192 bytes; 2048 came so far");
        reader.close();
    }

    @Test
    void aWriteToASlowButSteadyReaderGoesOnBeyondTheArrivalTimeout() {
        PeerPipe writer = PeerPipe.writing(pipe.sink(), log);
        int total = 1 << 20;
        Thread reader = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                for (int read = 0; read < total; ) {
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    buffer.clear();
                    read += pipe.source().read(buffer);
                }
            } catch (IOException ignored) {
                // the write fails then
            }
        });
        reader.setDaemon(true);
        reader.start();
        long start = System.nanoTime();

        writer.send(new byte[total]);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        assertThat(writer.totalWritten()).isEqualTo(total);
    }
}
