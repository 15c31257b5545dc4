package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.api.transport.WriteTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.asynciotck.reference.transport.LoopRunner.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** connectReadPipe and connectWritePipe over JDK pipes, with the test thread at the other end. */
class PipeTransportTest {

    private LoopRunner runner;
    private final List<Pipe> pipes = new ArrayList<>();

    @BeforeEach
    void startLoop() throws InterruptedException {
        runner = new LoopRunner();
    }

    @AfterEach
    void stopLoop() throws Exception {
        runner.close();
        for (Pipe pipe : pipes) {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void readPipeDeliversDataThenEofThenConnectionLostEvenIfEofReceivedKeepsItOpen() throws Exception {
        Pipe pipe = pipe();
        Recorder<ReadTransport> protocol = new Recorder<>(true);
        Connection<ReadTransport, Recorder<ReadTransport>> connection = await(runner.loop.connectReadPipe(() -> protocol, pipe.source()));
        assertThat(await(protocol.made)).isSameAs(connection.transport());
        assertThat(runner.call(() -> connection.transport().getExtraInfo(ExtraInfo.PIPE))).isSameAs(pipe.source());
        assertThat(runner.call(() -> connection.transport().getExtraInfo("socket", "none"))).isEqualTo("none");
        pipe.sink().write(ByteBuffer.wrap("hello pipe".getBytes(StandardCharsets.UTF_8)));
        pipe.sink().close();
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.text()).isEqualTo("hello pipe");
        assertThat(protocol.distinctEvents()).containsExactly("made", "data", "eof", "lost");
        assertThat(pipe.source().isOpen()).isFalse();
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void pauseReadingHoldsDataBackUntilResumeReading() throws Exception {
        Pipe pipe = pipe();
        Recorder<ReadTransport> protocol = new Recorder<>(false);
        ReadTransport transport = await(runner.loop.connectReadPipe(() -> protocol, pipe.source())).transport();
        runner.run(transport::pauseReading);
        pipe.sink().write(ByteBuffer.wrap("held".getBytes(StandardCharsets.UTF_8)));
        // Two loop iterations after the write: an unpaused transport would have read it by now.
        runner.run(() -> { });
        runner.run(() -> { });
        assertThat(protocol.text()).isEmpty();
        runner.run(transport::resumeReading);
        assertThat(protocol.awaitText(4)).isEqualTo("held");
        runner.run(transport::close);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void writePipeWritesAndWriteEofClosesIt() throws Exception {
        Pipe pipe = pipe();
        Recorder<WriteTransport> protocol = new Recorder<>(false);
        WriteTransport transport = await(runner.loop.connectWritePipe(() -> protocol, pipe.sink())).transport();
        runner.run(() -> {
            assertThat(transport.canWriteEof()).isTrue();
            assertThat(transport.getExtraInfo(ExtraInfo.PIPE)).isSameAs(pipe.sink());
            transport.write("to the ".getBytes(StandardCharsets.UTF_8));
            transport.writelines(List.of("reader".getBytes(StandardCharsets.UTF_8)));
            transport.writeEof();
            assertThatThrownBy(() -> transport.write(new byte[] {1})).isInstanceOf(IllegalStateException.class);
        });
        assertThat(new String(readAll(pipe.source()), StandardCharsets.UTF_8)).isEqualTo("to the reader");
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void writePipeFlowControlPausesAndResumes() throws Exception {
        Pipe pipe = pipe();
        Recorder<WriteTransport> protocol = new Recorder<>(false);
        WriteTransport transport = await(runner.loop.connectWritePipe(() -> protocol, pipe.sink())).transport();
        byte[] data = new byte[1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 997);
        }
        long buffered = runner.call(() -> {
            transport.write(data);
            assertThat(protocol.events()).as("pauseWriting inside write()").contains("pause");
            transport.close(); // flushes first
            return transport.getWriteBufferSize();
        });
        assertThat(buffered).isGreaterThan(64 * 1024);
        assertThat(readAll(pipe.source())).isEqualTo(data);
        assertThat(await(protocol.lost)).isNull();
        assertThat(protocol.distinctEvents()).containsExactly("made", "pause", "resume", "lost");
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void writingToAPipeWhoseReaderClosedLosesTheConnectionWithAnError() throws Exception {
        Pipe pipe = pipe();
        Recorder<WriteTransport> protocol = new Recorder<>(false);
        WriteTransport transport = await(runner.loop.connectWritePipe(() -> protocol, pipe.sink())).transport();
        pipe.source().close();
        runner.run(() -> transport.write("nobody reads".getBytes(StandardCharsets.UTF_8)));
        assertThat(await(protocol.lost)).isInstanceOf(IOException.class);
        assertThat(protocol.violations()).isEmpty();
    }

    @Test
    void badArgumentsFailTheFuture() throws Exception {
        Pipe pipe = pipe();
        assertThatThrownBy(() -> await(runner.loop.connectReadPipe(null, pipe.source()))).cause().isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> await(runner.loop.connectReadPipe(() -> new Recorder<ReadTransport>(false), null)))
                .cause().isInstanceOf(NullPointerException.class);
        pipe.sink().close();
        assertThatThrownBy(() -> await(runner.loop.connectWritePipe(() -> new Recorder<WriteTransport>(false), pipe.sink())))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class);
    }

    private Pipe pipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipes.add(pipe);
        return pipe;
    }

    /** Reads the source (blocking) to its end. */
    private static byte[] readAll(Pipe.SourceChannel source) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (source.read(buffer.clear()) >= 0) {
            all.write(buffer.array(), 0, buffer.position());
        }
        return all.toByteArray();
    }

    /** Records a pipe protocol's callbacks, checking the loop thread and the state machine. */
    static final class Recorder<T extends BaseTransport> implements Protocol<T> {
        private final boolean eofAnswer;
        private final List<String> events = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<T> made = new CompletableFuture<>();
        final CompletableFuture<Exception> lost = new CompletableFuture<>();
        private boolean eof;

        Recorder(boolean eofAnswer) {
            this.eofAnswer = eofAnswer;
        }

        @Override
        public void connectionMade(T transport) {
            record("made", !made.isDone());
            made.complete(transport);
        }

        @Override
        public void dataReceived(byte[] data) {
            record("data", made.isDone() && !eof && !lost.isDone() && data.length > 0);
            synchronized (received) {
                received.writeBytes(data);
                received.notifyAll();
            }
        }

        @Override
        public boolean eofReceived() {
            record("eof", made.isDone() && !eof && !lost.isDone());
            eof = true;
            return eofAnswer;
        }

        @Override
        public void pauseWriting() {
            record("pause", made.isDone() && !lost.isDone());
        }

        @Override
        public void resumeWriting() {
            record("resume", made.isDone() && !lost.isDone());
        }

        @Override
        public void connectionLost(Exception exc) {
            record("lost", made.isDone() && !lost.isDone());
            lost.complete(exc);
        }

        String text() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        String awaitText(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + LoopRunner.TIMEOUT_SECONDS * 1000;
            synchronized (received) {
                while (received.size() < count && System.currentTimeMillis() < deadline) {
                    received.wait(Math.max(1, deadline - System.currentTimeMillis()));
                }
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        synchronized List<String> distinctEvents() {
            List<String> distinct = new ArrayList<>();
            for (String event : events) {
                if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(event)) {
                    distinct.add(event);
                }
            }
            return distinct;
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        private synchronized void record(String event, boolean allowed) {
            events.add(event);
            if (!allowed) {
                violations.add(event + " out of order after " + events);
            }
            if (!Thread.currentThread().getName().equals(LoopRunner.THREAD_NAME)) {
                violations.add(event + " on thread " + Thread.currentThread().getName());
            }
        }
    }
}
