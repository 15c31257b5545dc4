package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ChunkPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.TimeUnit;

/**
 * The reference's write queue: a write the socket takes only part of (the rest copied into the loop's
 * chunks), then the flushes that drain it, against a sink that takes a fixed number of bytes per write
 * as a full socket does. (In the same package as the queue, which is not public.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WriteQueueBenchmark {

    @Param({"1024", "102400"})
    int size;

    /** Bytes the sink takes per write: half a write, or 16 KiB. */
    @Param({"half", "16384"})
    String takes;

    private WriteQueue queue;
    private ByteBuffer heapSource;
    private ByteBuffer directSource;
    private Sink sink;

    @Setup
    public void setUp() {
        queue = new WriteQueue(new ChunkPool());
        byte[] data = new byte[size];
        heapSource = ByteBuffer.wrap(data);
        directSource = ByteBuffer.allocateDirect(size);
        sink = new Sink(takes.equals("half") ? size / 2 : Integer.parseInt(takes));
    }

    /** write(byte[]): straight to the sink, the rest copied, then flushed until empty. */
    @Benchmark
    public long writeArrayThenDrain() throws Exception {
        heapSource.clear();
        return writeThenDrain(heapSource);
    }

    /** write(ByteBuffer) of a direct buffer (the echo's fast path). */
    @Benchmark
    public long writeDirectBufferThenDrain() throws Exception {
        directSource.clear();
        return writeThenDrain(directSource);
    }

    private long writeThenDrain(ByteBuffer source) throws Exception {
        WriteQueue.writeDirectly(sink, source);
        queue.copy(source);
        long written = 0;
        while (!queue.isEmpty()) {
            written += queue.flushTo(sink);
        }
        return written;
    }

    /** Takes at most {@code perWrite} bytes per call, moving the sources' positions only. */
    static final class Sink implements GatheringByteChannel {
        private final int perWrite;

        Sink(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long budget = perWrite;
            long written = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                int n = (int) Math.min(budget, srcs[i].remaining());
                srcs[i].position(srcs[i].position() + n);
                budget -= n;
                written += n;
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(perWrite, src.remaining());
            src.position(src.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
