package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ChunkPool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transport's outgoing buffer: a ring of chunks from the loop's {@link ChunkPool}, into which what the
 * channel did not take at once is copied, and from which it is flushed with gathering writes. The
 * callers' arrays and buffers are never kept: a write copies its remainder once, into direct chunks that
 * the JDK writes without another copy, and small writes fill the last chunk before another is taken.
 * Chunks written in full go back to the pool. Not thread-safe: loop thread only.
 */
final class WriteQueue {

    /**
     * Bytes offered to one write. The JDK copies a heap buffer, all of it, into a temporary direct buffer
     * before writing, whatever the socket takes: capping the offer keeps a large heap source (a write of
     * a large array, or heap chunks once the pool's direct ones are all in use) from being copied whole
     * into direct memory.
     */
    static final int MAX_BYTES_PER_WRITE = 512 * 1024;

    private final ChunkPool pool;
    private ByteBuffer[] ring = new ByteBuffer[16];
    private int head;
    private int count;
    private long size;

    WriteQueue(ChunkPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * The elements of a {@code writelines} argument, read once, so that a null element is found
     * before anything is written.
     *
     * @throws NullPointerException if {@code data} or one of its elements is null
     */
    static List<byte[]> elements(Iterable<byte[]> data) {
        Objects.requireNonNull(data, "data");
        List<byte[]> items = new ArrayList<>();
        for (byte[] item : data) {
            if (item == null) {
                throw new NullPointerException("data element " + items.size() + " is null");
            }
            items.add(item);
        }
        return items;
    }

    /**
     * Writes as much of {@code source} as {@code channel} takes now, at most
     * {@link #MAX_BYTES_PER_WRITE} at a time from a heap buffer, advancing its position.
     */
    static void writeDirectly(GatheringByteChannel channel, ByteBuffer source) throws IOException {
        if (source.isDirect()) {
            channel.write(source);
            return;
        }
        int limit = source.limit();
        try {
            while (source.hasRemaining()) {
                int offered = Math.min(source.remaining(), MAX_BYTES_PER_WRITE);
                source.limit(source.position() + offered);
                if (channel.write(source) < offered) {
                    break; // the channel is full
                }
                source.limit(limit);
            }
        } finally {
            source.limit(limit);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Bytes queued and not yet handed to the kernel. */
    long size() {
        return size;
    }

    /** Copies the remaining bytes of {@code source} to the end of the queue, advancing its position to its limit. */
    void copy(ByteBuffer source) {
        int length = source.remaining();
        int from = source.position();
        while (length > 0) {
            ByteBuffer tail = appendableTail();
            int end = tail.limit();
            int n = Math.min(length, tail.capacity() - end);
            tail.limit(end + n);
            tail.put(end, source, from, n);
            from += n;
            length -= n;
            size += n;
        }
        source.position(source.limit());
    }

    /**
     * Writes as much as {@code channel} takes, giving the chunks written in full back to the pool.
     *
     * @return the number of bytes written
     */
    long flushTo(GatheringByteChannel channel) throws IOException {
        long written = 0;
        while (count > 0) {
            // One contiguous run of the ring, capped at MAX_BYTES_PER_WRITE (a whole number of chunks:
            // the JDK copies only the heap chunks among them).
            int length = 0;
            long offered = 0;
            int end = Math.min(head + count, ring.length);
            for (int i = head; i < end && offered < MAX_BYTES_PER_WRITE; i++) {
                offered += ring[i].remaining();
                length++;
            }
            long n = channel.write(ring, head, length);
            written += n;
            size -= n;
            while (count > 0 && !ring[head].hasRemaining()) {
                pool.give(ring[head]);
                ring[head] = null;
                head = (head + 1) & (ring.length - 1);
                count--;
            }
            if (n < offered) {
                break; // the socket is full
            }
        }
        if (count == 0) {
            head = 0;
        }
        return written;
    }

    /** Drops everything queued, giving the chunks back to the pool. */
    void clear() {
        for (; count > 0; count--) {
            pool.give(ring[head]);
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
        }
        head = 0;
        size = 0;
    }

    /** The last chunk if it has room after its data, else a new one from the pool, appended. */
    private ByteBuffer appendableTail() {
        if (count > 0) {
            ByteBuffer tail = ring[(head + count - 1) & (ring.length - 1)];
            if (tail.limit() < tail.capacity()) {
                return tail;
            }
        }
        if (count == ring.length) {
            grow();
        }
        ByteBuffer chunk = pool.take();
        ring[(head + count) & (ring.length - 1)] = chunk;
        count++;
        return chunk;
    }

    private void grow() {
        ByteBuffer[] bigger = new ByteBuffer[ring.length * 2];
        int firstPart = ring.length - head;
        System.arraycopy(ring, head, bigger, 0, firstPart);
        System.arraycopy(ring, 0, bigger, firstPart, head);
        ring = bigger;
        head = 0;
    }
}
