package io.asynciotck.reference.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transport's outgoing buffer: a ring of {@link ByteBuffer}s wrapping the callers' arrays, flushed
 * with gathering writes straight from the ring (no copy, no allocation per flush). Not thread-safe.
 */
final class WriteQueue {

    /**
     * Bytes offered to one gathering write. The JDK copies heap buffers into a temporary direct buffer
     * before writing, all of them and whatever the socket takes: capping the offer keeps a large
     * backlog from being copied again on every flush.
     */
    private static final long MAX_BYTES_PER_WRITE = 512 * 1024;

    private ByteBuffer[] ring = new ByteBuffer[16];
    private int head;
    private int count;
    private long size;

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

    boolean isEmpty() {
        return count == 0;
    }

    /** Bytes queued and not yet handed to the kernel. */
    long size() {
        return size;
    }

    /** Appends a buffer with remaining bytes; the queue takes it over. */
    void add(ByteBuffer buffer) {
        if (count == ring.length) {
            grow();
        }
        ring[(head + count) & (ring.length - 1)] = buffer;
        count++;
        size += buffer.remaining();
    }

    /**
     * Writes as much as {@code channel} takes, dropping the buffers written in full.
     *
     * @return the number of bytes written
     */
    long flushTo(GatheringByteChannel channel) throws IOException {
        long written = 0;
        while (count > 0) {
            // One contiguous run of the ring, capped at MAX_BYTES_PER_WRITE by lowering the last limit.
            int length = 0;
            long offered = 0;
            int end = Math.min(head + count, ring.length);
            for (int i = head; i < end && offered < MAX_BYTES_PER_WRITE; i++) {
                offered += ring[i].remaining();
                length++;
            }
            ByteBuffer last = ring[head + length - 1];
            int lastLimit = last.limit();
            if (offered > MAX_BYTES_PER_WRITE) {
                last.limit(lastLimit - (int) (offered - MAX_BYTES_PER_WRITE));
                offered = MAX_BYTES_PER_WRITE;
            }
            long n;
            try {
                n = channel.write(ring, head, length);
            } finally {
                last.limit(lastLimit);
            }
            written += n;
            size -= n;
            while (count > 0 && !ring[head].hasRemaining()) {
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

    /** Drops everything queued. */
    void clear() {
        for (; count > 0; count--) {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
        }
        head = 0;
        size = 0;
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
