package io.asynciotck.reference.loop;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPoolTest {

    @Test
    void givesDirectChunksUpToItsBudgetThenHeapOnesAndReusesOnlyTheDirect() {
        ChunkPool pool = new ChunkPool();
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < ChunkPool.MAX_DIRECT_CHUNKS; i++) {
            ByteBuffer chunk = pool.take();
            assertThat(chunk.isDirect()).isTrue();
            assertThat(chunk.capacity()).isEqualTo(ChunkPool.CHUNK_SIZE);
            assertThat(chunk.remaining()).isZero();
            taken.add(chunk);
        }
        ByteBuffer beyond = pool.take();
        assertThat(beyond.isDirect()).isFalse();
        pool.give(beyond);
        assertThat(pool.pooled()).isZero();

        ByteBuffer first = taken.get(0);
        first.limit(100).position(40);
        pool.give(first);
        assertThat(pool.pooled()).isEqualTo(1);
        ByteBuffer again = pool.take();
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isZero();
        assertThat(pool.directChunks()).isEqualTo(ChunkPool.MAX_DIRECT_CHUNKS);
    }
}
