package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;

/**
 * A TCP stream transport with the semantics of asyncio's {@code _SelectorSocketTransport}. Used on the
 * loop thread only, like every transport.
 *
 * <p>Life cycle, as every {@link SelectorTransport}: {@link #start()} calls {@code connectionMade} and
 * starts reading; {@link #close()} (also after {@code eofReceived} returned false), {@link #abort()}
 * or a fatal error end it with exactly one {@code connectionLost}. Fatal errors here: an
 * {@link IOException} from the socket (with {@code connectionLost(exception)}), or an exception thrown
 * by {@code connectionMade}, {@code dataReceived} or {@code eofReceived} (reported to the loop's
 * exception handler first).
 *
 * <p>Writing. {@link #write} sends at once when nothing is buffered and copies the rest into the buffer
 * (chunks of the loop's {@code ChunkPool}); when data is already buffered it only copies. The buffer is flushed when the socket is writable (interest in
 * {@code OP_WRITE} only while it is non-empty), with gathering writes. Data written after
 * {@link #close()}, {@link #abort()} or the loss of the connection is dropped silently.
 */
public final class TcpTransport extends SelectorTransport<SocketChannel, Protocol<? super StreamTransport>> implements StreamTransport {

    private final WriteQueue writeQueue = new WriteQueue(loop.writeChunks());
    /** The peer's EOF was read: no more reading. */
    private boolean eofReceived;
    /** {@code writeEof()} was called: shut the output down once the buffer is flushed. */
    private boolean eofRequested;

    /**
     * @param key the channel's key with this loop's selector; the transport attaches itself to it
     */
    public TcpTransport(SelectorEventLoop loop, SocketChannel channel, SelectionKey key, Protocol<? super StreamTransport> protocol) {
        super(loop, channel, key, protocol, remoteAddress(channel));
    }

    // ---- IoHandler

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0 && isReading()) {
            readReady();
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !lost && !writeQueue.isEmpty()) {
            writeReady();
        }
    }

    // ---- ReadTransport

    /** Idempotent; has no effect once the transport is closing. */
    @Override
    public void pauseReading() {
        setReadingPaused(true);
    }

    /** Idempotent; has no effect once the transport is closing. Buffered input is then delivered. */
    @Override
    public void resumeReading() {
        setReadingPaused(false);
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

    /** Half-closes once the buffer is flushed. No effect when called again or once closing. */
    @Override
    public void writeEof() {
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (writeQueue.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    // ---- SelectorTransport

    @Override
    boolean isReading() {
        return !closing && !readingPaused && !eofReceived;
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

    private void readReady() {
        if (readOnce(channel, protocol)) {
            eofReceived();
        }
    }

    private void eofReceived() {
        eofReceived = true;
        updateInterest();
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Throwable failure) {
            fatalError(failure, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (!keepOpen) {
            close();
        }
    }

    private void writeReady() {
        if (!flushQueued(writeQueue, channel)) {
            return;
        }
        if (closeIfFlushed()) {
            return;
        }
        if (writeQueue.isEmpty() && eofRequested) {
            shutdownOutput();
        }
        updateInterest();
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            forceClose(e);
        }
    }

    private static SocketAddress remoteAddress(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null; // the spec's "None on error"
        }
    }
}
