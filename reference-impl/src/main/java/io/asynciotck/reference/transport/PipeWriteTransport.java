package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.WriteTransport;
import io.asynciotck.reference.loop.IoRegistration;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.Objects;

/**
 * The write end of a pipe, with the semantics of asyncio's {@code _UnixWritePipeTransport}: for
 * {@code connectWritePipe} (a JDK {@link java.nio.channels.Pipe.SinkChannel}, watched by the loop's
 * selector) and for a child's stdin (a {@link io.asynciotck.reference.process.FdChannel}, watched by
 * the process poller). Life cycle, buffer ({@link WriteQueue}) and flow control as every
 * {@link ChannelTransport}. Loop thread only.
 *
 * <p>Writing: {@link #write} writes at once when nothing is buffered and buffers the rest, flushed when
 * the pipe has room. {@link #writeEof()} is {@link #close()}: a pipe's end of stream is its closing,
 * once the buffer is flushed. A write error (EPIPE when the reader has gone) closes the transport with
 * {@code connectionLost(exception)}. Data written after {@code close()} or the loss of the pipe is
 * dropped silently.
 *
 * <p>The reader closing its end: asyncio watches a write pipe for "readability", which is how the
 * kernel reports that the read end is closed; the transport then closes, with
 * {@code connectionLost(None)} when nothing was buffered, else with a broken-pipe error. The process
 * poller reports the same condition as {@code OP_READ} for a child's stdin, so a child that closes its
 * stdin or exits closes the stdin transport even while nothing is being written. A JDK
 * {@code SinkChannel} cannot be watched that way (the JDK's selector offers only {@code OP_WRITE} on
 * it): there the reader's closing is noticed at the next write, as EPIPE.
 */
public final class PipeWriteTransport extends ChannelTransport<GatheringByteChannel, Protocol<? super WriteTransport>> implements WriteTransport {

    private final WriteQueue writeQueue = new WriteQueue(loop.writeChunks());
    /** {@code writeEof()} was called: later writes are refused. */
    private boolean eofRequested;

    /** @param registration how {@code channel} is watched; the transport attaches itself to it */
    public PipeWriteTransport(SelectorEventLoop loop, GatheringByteChannel channel, IoRegistration registration,
                       Protocol<? super WriteTransport> protocol) {
        super(loop, channel, registration, protocol);
    }

    // ---- IoHandler

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0 && !lost) {
            // The reader closed its end (asyncio's _read_ready on a write pipe).
            forceClose(writeQueue.isEmpty() ? null : new IOException("Broken pipe: the reader closed " + channel));
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !lost && !writeQueue.isEmpty()) {
            writeReady();
        }
    }

    // ---- WriteTransport

    /**
     * Sends at once what the channel takes and copies the rest into the buffer: the array is not kept,
     * and the caller may change it as soon as this returns.
     *
     * @throws NullPointerException  if {@code data} is null
     * @throws IllegalStateException after {@link #writeEof()}
     */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        refuseAfterEof("write()");
        queueAndSend(writeQueue, channel, ByteBuffer.wrap(data));
    }

    /**
     * As {@link #write(byte[])}, without the default's copy into an array: a direct buffer goes to the
     * channel as it is, and only what the channel does not take is copied.
     *
     * @throws NullPointerException  if {@code data} is null
     * @throws IllegalStateException after {@link #writeEof()}
     */
    @Override
    public void write(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        refuseAfterEof("write()");
        queueAndSend(writeQueue, channel, data);
    }

    /**
     * Appends every element, then, if nothing was buffered before, sends them with one gathering write.
     * The iterable is read once, before anything is written.
     *
     * @throws NullPointerException  if {@code data} or one of its elements is null: nothing is written
     * @throws IllegalStateException after {@link #writeEof()}
     */
    @Override
    public void writelines(Iterable<byte[]> data) {
        List<byte[]> items = WriteQueue.elements(data);
        refuseAfterEof("writelines()");
        queueAndSend(writeQueue, channel, items);
    }

    private void refuseAfterEof(String call) {
        if (eofRequested) {
            throw new IllegalStateException(call + " after writeEof()");
        }
    }

    /** Closes the pipe once the buffer is flushed (the same as {@link #close()}); later writes are refused. */
    @Override
    public void writeEof() {
        if (closing) {
            return;
        }
        eofRequested = true;
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** {@code pipe}: the channel; {@code defaultValue} for any other name. */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        return ExtraInfo.PIPE.equals(name) ? channel : defaultValue;
    }

    // ---- ChannelTransport

    /** "Reading" a write pipe is watching for its reader to close its end (see the class comment). */
    @Override
    boolean isReading() {
        return !closing;
    }

    @Override
    boolean isBufferEmpty() {
        return writeQueue.isEmpty();
    }

    @Override
    long bufferSize() {
        return writeQueue.size();
    }

    @Override
    void clearBuffer() {
        writeQueue.clear();
    }

    @Override
    void callConnectionMade() {
        protocol.connectionMade(this);
    }

    // ---- internals

    private void writeReady() {
        if (!flushQueued(writeQueue, channel)) {
            return;
        }
        if (closeIfFlushed()) {
            return;
        }
        updateInterest();
    }
}
