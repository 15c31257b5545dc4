package io.asynciotck.reference.transport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteQueueTest {

    @Test
    void flushesEverythingInOrderThroughTheRingsWrapAndGrowth() throws Exception {
        WriteQueue queue = new WriteQueue();
        ThrottledChannel channel = new ThrottledChannel(7);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round % 40; i++) { // up to 39 buffers: beyond the initial ring of 16
                byte[] data = new byte[1 + (next % 5)];
                for (int j = 0; j < data.length; j++) {
                    data[j] = (byte) next++;
                }
                expected.writeBytes(data);
                queue.add(ByteBuffer.wrap(data));
            }
            long before = queue.size();
            long written = queue.flushTo(channel);
            assertThat(queue.size()).isEqualTo(before - written);
        }
        while (!queue.isEmpty()) {
            queue.flushTo(channel);
        }
        assertThat(queue.size()).isZero();
        assertThat(channel.received.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void offersAtMostHalfAMebibytePerWriteAndRestoresLimits() throws Exception {
        WriteQueue queue = new WriteQueue();
        ByteBuffer first = ByteBuffer.wrap(new byte[400 * 1024]);
        ByteBuffer second = ByteBuffer.wrap(new byte[400 * 1024]);
        queue.add(first);
        queue.add(second);
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        assertThat(queue.flushTo(channel)).isEqualTo(800 * 1024);
        assertThat(channel.offers).containsExactly(512L * 1024, 288L * 1024);
        assertThat(second.limit()).isEqualTo(400 * 1024);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void stopsWhenTheChannelIsFullAndClearDropsEverything() throws Exception {
        WriteQueue queue = new WriteQueue();
        queue.add(ByteBuffer.wrap(new byte[100]));
        queue.add(ByteBuffer.wrap(new byte[100]));
        ThrottledChannel channel = new ThrottledChannel(150);
        assertThat(queue.flushTo(channel)).isEqualTo(150);
        assertThat(queue.size()).isEqualTo(50);
        assertThat(channel.offers).hasSize(1);
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.size()).isZero();
    }

    /** Accepts at most {@code perWrite} bytes per gathering write. */
    private static final class ThrottledChannel implements GatheringByteChannel {

        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Long> offers = new ArrayList<>();
        private final int perWrite;

        ThrottledChannel(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long offered = 0;
            for (int i = offset; i < offset + length; i++) {
                offered += srcs[i].remaining();
            }
            offers.add(offered);
            long budget = perWrite;
            long written = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                int n = (int) Math.min(budget, srcs[i].remaining());
                byte[] chunk = new byte[n];
                srcs[i].get(chunk);
                received.writeBytes(chunk);
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
            return (int) write(new ByteBuffer[] {src});
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
