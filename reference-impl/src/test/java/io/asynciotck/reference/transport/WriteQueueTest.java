package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ChunkPool;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriteQueueTest {

    private final ChunkPool pool = new ChunkPool();

    @Test
    void flushesEverythingInOrderThroughTheRingsWrapAndGrowth() throws Exception {
        WriteQueue queue = new WriteQueue(pool);
        ThrottledChannel channel = new ThrottledChannel(70_000);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round % 40; i++) { // up to 39 writes of up to 40 KB: beyond the initial ring of 16 chunks
                byte[] data = new byte[1 + (next % 40_000)];
                for (int j = 0; j < data.length; j++) {
                    data[j] = (byte) next++;
                }
                expected.writeBytes(data);
                queue.copy(ByteBuffer.wrap(data));
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
    void copiesTheCallersBytesSoThatChangingThemLaterChangesNothing() throws Exception {
        WriteQueue queue = new WriteQueue(pool);
        byte[] data = {1, 2, 3, 4, 5};
        ByteBuffer source = ByteBuffer.wrap(data);
        queue.copy(source);
        assertThat(source.hasRemaining()).isFalse();
        java.util.Arrays.fill(data, (byte) 9);
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        queue.flushTo(channel);
        assertThat(channel.received.toByteArray()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void smallWritesShareAChunkAndWrittenChunksGoBackToThePool() throws Exception {
        WriteQueue queue = new WriteQueue(pool);
        for (int i = 0; i < 100; i++) {
            queue.copy(ByteBuffer.wrap(new byte[100]));
        }
        assertThat(queue.size()).isEqualTo(10_000);
        queue.flushTo(new ThrottledChannel(Integer.MAX_VALUE));
        assertThat(queue.isEmpty()).isTrue();
        assertThat(pool.take().isDirect()).isTrue();
        assertThat(pool.take().isDirect()).isTrue(); // the first was given back, the second is new
    }

    @Test
    void offersAboutHalfAMebibytePerWriteInWholeChunks() throws Exception {
        WriteQueue queue = new WriteQueue(pool);
        queue.copy(ByteBuffer.wrap(new byte[800 * 1024]));
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        assertThat(queue.flushTo(channel)).isEqualTo(800 * 1024);
        assertThat(channel.offers).containsExactly(512L * 1024, 288L * 1024);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void writesAHeapSourceDirectlyInSlicesOfAtMostHalfAMebibyteUntilTheChannelTakesLess() throws Exception {
        ByteBuffer source = ByteBuffer.wrap(new byte[2 * 1024 * 1024]);
        ThrottledChannel roomy = new ThrottledChannel(Integer.MAX_VALUE);
        WriteQueue.writeDirectly(roomy, source);
        assertThat(roomy.offers).containsExactly(512L * 1024, 512L * 1024, 512L * 1024, 512L * 1024);
        assertThat(source.hasRemaining()).isFalse();

        ByteBuffer another = ByteBuffer.wrap(new byte[2 * 1024 * 1024]);
        ThrottledChannel full = new ThrottledChannel(300 * 1024);
        WriteQueue.writeDirectly(full, another);
        assertThat(full.offers).containsExactly(512L * 1024);
        assertThat(another.position()).isEqualTo(300 * 1024);
        assertThat(another.limit()).isEqualTo(2 * 1024 * 1024);
    }

    @Test
    void stopsWhenTheChannelIsFullAndClearDropsEverything() throws Exception {
        WriteQueue queue = new WriteQueue(pool);
        queue.copy(ByteBuffer.wrap(new byte[100]));
        queue.copy(ByteBuffer.wrap(new byte[100]));
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
