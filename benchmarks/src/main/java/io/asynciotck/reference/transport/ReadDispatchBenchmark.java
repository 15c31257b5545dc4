package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Handing one read to the protocol, as the reference's transports do with the loop's direct read buffer:
 * to a protocol that takes only arrays (the API's default copies the bytes into a new one, the cost every
 * read paid before the fast path) and to one that reads the buffer itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadDispatchBenchmark {

    @Param({"1024", "102400"})
    int size;

    private ByteBuffer readBuffer;
    private Protocol<StreamTransport> arrays;
    private Protocol<StreamTransport> buffers;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        readBuffer = ByteBuffer.allocateDirect(256 * 1024);
        arrays = new Protocol<>() {
            @Override
            public void dataReceived(byte[] data) {
                sink.consume(data);
            }
        };
        buffers = new Protocol<>() {
            @Override
            public void dataReceived(ByteBuffer data) {
                sink.consume(data.get(data.limit() - 1));
                data.position(data.limit());
            }
        };
    }

    @Benchmark
    public void toAnArrayProtocol() {
        readBuffer.clear().position(size).flip();
        arrays.dataReceived(readBuffer);
    }

    @Benchmark
    public void toABufferProtocol() {
        readBuffer.clear().position(size).flip();
        buffers.dataReceived(readBuffer);
    }
}
