package io.asynciotck.reference.loop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MpscHandleQueueTest {

    @Test
    void fifoForOneProducer() {
        MpscHandleQueue queue = new MpscHandleQueue();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        CallbackHandle a = new CallbackHandle(() -> { });
        CallbackHandle b = new CallbackHandle(() -> { });
        queue.push(a);
        queue.push(b);
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.poll()).isSameAs(a);
        assertThat(queue.poll()).isSameAs(b);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void concurrentProducersLoseNothingAndKeepEachProducersOrder() throws InterruptedException {
        int producers = 4;
        int perProducer = 20_000;
        MpscHandleQueue queue = new MpscHandleQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    queue.push(new CallbackHandle(new Tagged(producer, i)));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        int[] nextExpected = new int[producers];
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received < producers * perProducer && System.nanoTime() < deadline) {
            CallbackHandle handle = queue.poll();
            if (handle == null) {
                Thread.onSpinWait();
                continue;
            }
            Tagged tag = (Tagged) handle.callback;
            assertThat(tag.index).isEqualTo(nextExpected[tag.producer]);
            nextExpected[tag.producer]++;
            received++;
        }
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        assertThat(received).isEqualTo(producers * perProducer);
        assertThat(queue.poll()).isNull();
    }

    private record Tagged(int producer, int index) implements Runnable {
        @Override
        public void run() {
        }
    }
}
