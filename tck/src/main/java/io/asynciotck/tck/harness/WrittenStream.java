package io.asynciotck.tck.harness;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * What the transport under test was asked to write, in order, and how much of it the peer has read
 * back: the peer checks every byte it reads against it. Arrays are kept by reference (the TCK never
 * modifies what it wrote).
 */
public final class WrittenStream {

    private final Deque<byte[]> pending = new ArrayDeque<>();
    private int headOffset;
    private long written;
    private long read;

    /** Records bytes the transport accepted. */
    public void wrote(byte[] data) {
        if (data.length > 0) {
            pending.addLast(data);
            written += data.length;
        }
    }

    public long written() {
        return written;
    }

    public long read() {
        return read;
    }

    /** Bytes written but not yet read back by the peer. */
    public long unread() {
        return written - read;
    }

    /**
     * Checks bytes the peer read against what was written and consumes them.
     *
     * @return null when they match; otherwise a description of the first difference
     */
    public String verifyAndConsume(byte[] received) {
        String problem = null;
        int i = 0;
        while (i < received.length) {
            byte[] head = pending.peekFirst();
            if (head == null) {
                problem = problem != null ? problem : "the peer received " + (received.length - i)
                        + " bytes more than the transport was asked to write (" + written + ")";
                break;
            }
            int n = Math.min(head.length - headOffset, received.length - i);
            if (problem == null && !Arrays.equals(head, headOffset, headOffset + n, received, i, i + n)) {
                int at = Arrays.mismatch(Arrays.copyOfRange(head, headOffset, headOffset + n),
                        Arrays.copyOfRange(received, i, i + n));
                problem = "the byte at stream offset " + (read + i + at) + " differs from what was written";
            }
            i += n;
            headOffset += n;
            if (headOffset == head.length) {
                pending.removeFirst();
                headOffset = 0;
            }
        }
        read += Math.min(received.length, i);
        return problem;
    }
}
