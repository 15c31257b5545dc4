package io.asynciotck.reference.process;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * One end of a pipe to a child process, as a non-blocking byte channel over the file descriptor (the
 * JDK cannot wrap a descriptor it did not open in a channel of its own). Reads and writes never block:
 * {@link #read} returns 0 when the pipe is empty and -1 at end of stream, {@link #write} returns 0 when
 * the pipe is full. Readiness comes from {@link ProcessPoller}, not from a selector. Not thread-safe:
 * used on the loop thread. The channel owns the descriptor and closes it once.
 *
 * <p>Heap buffers are copied through a direct buffer of the calling thread (as the JDK's own channels
 * do); gathering writes copy up to {@value #SCRATCH_SIZE} bytes per system call.
 */
public final class FdChannel implements ReadableByteChannel, GatheringByteChannel {

    /** Bytes copied per system call for heap buffers: a pipe's default capacity on Linux. */
    static final int SCRATCH_SIZE = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH_SIZE));

    private final String name;
    private int fd;

    /** Takes over {@code fd}, which must be non-blocking. */
    FdChannel(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** The file descriptor, or -1 once closed. */
    public int fd() {
        return fd;
    }

    /**
     * @return the bytes read, 0 if the pipe is empty, -1 at end of stream (every writer closed)
     * @throws ClosedChannelException if this channel is closed
     * @throws IOException            if {@code read} fails otherwise
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (dst.isDirect()) {
            int n = readInto(dst, dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        ByteBuffer scratch = SCRATCH.get().clear();
        int n = readInto(scratch, 0, Math.min(dst.remaining(), scratch.capacity()));
        if (n > 0) {
            dst.put(scratch.limit(n));
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    /**
     * Writes as much of {@code srcs} as the pipe takes, advancing the buffers' positions.
     *
     * @return the bytes written, 0 if the pipe is full
     * @throws ClosedChannelException if this channel is closed
     * @throws IOException            if {@code write} fails otherwise: "Broken pipe" (EPIPE) when the
     *                                reader has closed its end
     */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        checkOpen();
        long total = 0;
        int index = offset;
        int end = offset + length;
        while (index < end) {
            ByteBuffer src = srcs[index];
            if (!src.hasRemaining()) {
                index++;
                continue;
            }
            int offered;
            int n;
            if (src.isDirect()) {
                offered = src.remaining();
                n = writeFrom(src, src.position(), offered);
                if (n > 0) {
                    src.position(src.position() + n);
                }
            } else {
                ByteBuffer scratch = SCRATCH.get().clear();
                for (int i = index; i < end && scratch.hasRemaining(); i++) {
                    ByteBuffer next = srcs[i];
                    if (next.isDirect() && i > index) {
                        break;
                    }
                    int take = Math.min(next.remaining(), scratch.remaining());
                    scratch.put(next.duplicate().limit(next.position() + take));
                }
                offered = scratch.position();
                n = writeFrom(scratch, 0, offered);
                for (int left = n; left > 0; index++) {
                    ByteBuffer consumed = srcs[index];
                    int step = Math.min(left, consumed.remaining());
                    consumed.position(consumed.position() + step);
                    left -= step;
                    if (consumed.hasRemaining()) {
                        break;
                    }
                }
            }
            total += n;
            if (n < offered) {
                break; // the pipe is full
            }
        }
        return total;
    }

    @Override
    public boolean isOpen() {
        return fd >= 0;
    }

    /** Closes the descriptor; no effect once closed. */
    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "FdChannel[" + name + (fd >= 0 ? ", fd " + fd : ", closed") + "]";
    }

    private int readInto(ByteBuffer buffer, int position, int count) throws IOException {
        Pointer address = Native.getDirectBufferPointer(buffer).share(position);
        while (true) {
            long n = LibC.read(fd, address, count);
            if (n >= 0) {
                return n == 0 ? -1 : (int) n;
            }
            int errno = LibC.errno();
            if (errno == LibC.EAGAIN) {
                return 0;
            }
            if (errno != LibC.EINTR) {
                throw LibC.error("read from " + name, errno);
            }
        }
    }

    private int writeFrom(ByteBuffer buffer, int position, int count) throws IOException {
        Pointer address = Native.getDirectBufferPointer(buffer).share(position);
        while (true) {
            long n = LibC.write(fd, address, count);
            if (n >= 0) {
                return (int) n;
            }
            int errno = LibC.errno();
            if (errno == LibC.EAGAIN) {
                return 0;
            }
            if (errno != LibC.EINTR) {
                throw LibC.error("write to " + name, errno);
            }
        }
    }

    private void checkOpen() throws ClosedChannelException {
        if (fd < 0) {
            throw new ClosedChannelException();
        }
    }
}
