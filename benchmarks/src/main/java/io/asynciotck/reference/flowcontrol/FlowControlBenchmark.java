package io.asynciotck.reference.flowcontrol;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The flow-control accounting every write and every flush pays: the check under the high-water mark
 * (the common case), and a whole pause/resume cycle through the protocol.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FlowControlBenchmark {

    private WriteFlowController controller;
    private long size;

    @Setup
    public void setUp() {
        controller = new WriteFlowController(this, new Protocol<StreamTransport>() { }, context -> { });
    }

    @Benchmark
    public boolean writeUnderTheHighWaterMark() {
        size = (size + 1024) & 0xFFFF; // 0 to 64 KiB, never over
        controller.maybePause(size);
        controller.maybeResume(size);
        return controller.isPaused();
    }

    @Benchmark
    public boolean pauseThenResume() {
        controller.maybePause(WriteFlowController.DEFAULT_HIGH + 1);
        controller.maybeResume(0);
        return controller.isPaused();
    }
}
