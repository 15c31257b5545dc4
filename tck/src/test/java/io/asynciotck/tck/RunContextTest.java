package io.asynciotck.tck;

import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.inprocess.InProcessDriver;
import io.asynciotck.reference.spi.ReferenceEventLoopProvider;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunContextTest {

    @Test
    void eachThreadSeesTheContextItRunsWith() throws Exception {
        try (InProcessDriver first = InProcessDriver.of(new ReferenceEventLoopProvider(), Timeouts.DEFAULTS);
             InProcessDriver second = InProcessDriver.of(new ReferenceEventLoopProvider(), Timeouts.DEFAULTS)) {
            RunContext one = new RunContext(first, Timeouts.DEFAULTS);
            RunContext two = new RunContext(second, Timeouts.DEFAULTS);
            CountDownLatch bothInside = new CountDownLatch(2);
            CompletableFuture<RunContext> seenByOne = CompletableFuture.supplyAsync(() -> RunContext.runWith(one, () -> {
                bothInside.countDown();
                await(bothInside);
                return RunContext.current();
            }));
            CompletableFuture<RunContext> seenByTwo = CompletableFuture.supplyAsync(() -> RunContext.runWith(two, () -> {
                bothInside.countDown();
                await(bothInside);
                return RunContext.current();
            }));
            assertThat(seenByOne.get(5, TimeUnit.SECONDS)).isSameAs(one);
            assertThat(seenByTwo.get(5, TimeUnit.SECONDS)).isSameAs(two);
        }
    }

    @Test
    void theThreadsContextEndsWithItsRun() throws Exception {
        try (InProcessDriver driver = InProcessDriver.of(new ReferenceEventLoopProvider(), Timeouts.DEFAULTS)) {
            RunContext outer = new RunContext(driver, Timeouts.DEFAULTS);
            RunContext inner = new RunContext(driver, Timeouts.DEFAULTS);
            RunContext previous = RunContext.install(outer);
            try {
                assertThat(RunContext.runWith(inner, RunContext::current)).isSameAs(inner);
                assertThat(RunContext.current()).isSameAs(outer);
            } finally {
                RunContext.install(previous);
            }
        }
    }

    @Test
    void aRunNeedsAContext() {
        assertThatThrownBy(() -> RunContext.runWith(null, () -> null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("context");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
