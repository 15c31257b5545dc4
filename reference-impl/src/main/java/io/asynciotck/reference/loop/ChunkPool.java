package io.asynciotck.reference.loop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A loop's pool of fixed-size chunks for its transports' outgoing buffers. Chunks are direct buffers,
 * which a socket writes without the copy the JDK makes of a heap buffer, and are reused, so that a
 * transport that buffers does not allocate (nor zero) memory for each write. At most
 * {@link #MAX_DIRECT_CHUNKS} direct chunks exist per loop, all of which the pool keeps once returned;
 * beyond that, {@link #take()} gives heap chunks, which are not pooled (a burst larger than the pool is
 * paid for once, by the garbage collector). Loop thread only.
 */
public final class ChunkPool {

    /** The size of every chunk. */
    public static final int CHUNK_SIZE = 64 * 1024;
    /** Direct chunks per loop: 4 MiB. */
    static final int MAX_DIRECT_CHUNKS = 64;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int directChunks;

    /** An empty chunk (position 0, limit 0), direct unless the pool's direct chunks are all in use. */
    public ByteBuffer take() {
        ByteBuffer chunk = free.pollFirst();
        if (chunk == null) {
            if (directChunks < MAX_DIRECT_CHUNKS) {
                directChunks++;
                chunk = ByteBuffer.allocateDirect(CHUNK_SIZE);
            } else {
                chunk = ByteBuffer.allocate(CHUNK_SIZE);
            }
        }
        return chunk.limit(0);
    }

    /** Takes back a chunk {@link #take()} gave; heap chunks are left to the garbage collector. */
    public void give(ByteBuffer chunk) {
        if (chunk.isDirect()) {
            free.addFirst(chunk.clear());
        }
    }

    /** Direct chunks allocated so far (for tests). */
    int directChunks() {
        return directChunks;
    }

    /** Chunks ready to be taken again (for tests). */
    int pooled() {
        return free.size();
    }
}
