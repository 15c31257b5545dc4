package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.reference.flowcontrol.WriteFlowController;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A TCP stream transport with the semantics of asyncio's {@code _SelectorSocketTransport}. Used on the
 * loop thread only, like every transport.
 *
 * <p>Life cycle. {@link #start()} calls {@code connectionMade} and starts reading. The transport then
 * closes in one of three ways, each ending in exactly one {@code connectionLost}, after which the
 * protocol gets no other callback:
 * <ul>
 *   <li>{@link #close()} (also after {@code eofReceived} returned false): reading stops; once the
 *       buffer is flushed the channel is closed and {@code connectionLost(null)} is called, through
 *       {@code callSoon} when the buffer was already empty, never from inside {@code close()};</li>
 *   <li>{@link #abort()}: the buffer is dropped, the channel closed, {@code connectionLost(null)}
 *       scheduled;</li>
 *   <li>a fatal error: an {@link IOException} from the socket, or an exception thrown by
 *       {@code connectionMade}, {@code dataReceived} or {@code eofReceived} (reported to the loop's
 *       exception handler first): as abort, with {@code connectionLost(exception)}.</li>
 * </ul>
 *
 * <p>Writing. {@link #write} sends at once when nothing is buffered and buffers the rest; when data is
 * already buffered it only appends. The buffer is flushed when the socket is writable (interest in
 * {@code OP_WRITE} only while it is non-empty), with gathering writes. Data written after
 * {@link #close()}, {@link #abort()} or the loss of the connection is dropped silently.
 */
final class TcpTransport implements StreamTransport, IoHandler {

    private final SelectorEventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final Protocol<? super StreamTransport> protocol;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private final WriteQueue writeQueue = new WriteQueue();
    private final WriteFlowController flowControl;
    /** The interest set last given to the key. */
    private int interestOps;
    private boolean readingPaused;
    /** The peer's EOF was read: no more reading. */
    private boolean eofReceived;
    /** {@code writeEof()} was called: shut the output down once the buffer is flushed. */
    private boolean eofRequested;
    /** {@code close()}, {@code abort()} or a fatal error: no more reading, no more writes accepted. */
    private boolean closing;
    /** The channel is closed and {@code connectionLost} called or scheduled. */
    private boolean lost;

    /**
     * @param key the channel's key with this loop's selector; the transport attaches itself to it
     */
    TcpTransport(SelectorEventLoop loop, SocketChannel channel, SelectionKey key, Protocol<? super StreamTransport> protocol) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.protocol = protocol;
        this.peername = address(true);
        this.sockname = address(false);
        this.flowControl = new WriteFlowController(this, protocol, loop::reportException);
        this.interestOps = key.interestOps();
        key.attach(this);
    }

    /** Calls {@code connectionMade} and starts reading (unless the protocol paused reading or closed). */
    void start() {
        try {
            protocol.connectionMade(this);
        } catch (Throwable failure) {
            fatalError(failure, "Fatal error: protocol.connectionMade() call failed.");
            return;
        }
        updateInterest();
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

    @Override
    public void onLoopClose() {
        if (!lost) {
            lost = true;
            closing = true;
            writeQueue.clear();
            closeChannel();
        }
    }

    // ---- ReadTransport

    /** Idempotent; has no effect once the transport is closing. */
    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        updateInterest();
    }

    /** Idempotent; has no effect once the transport is closing. Buffered input is then delivered. */
    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        updateInterest();
    }

    // ---- WriteTransport

    /**
     * @throws NullPointerException  if {@code data} is null
     * @throws IllegalStateException after {@link #writeEof()}
     */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (eofRequested) {
            throw new IllegalStateException("write() after writeEof()");
        }
        if (data.length == 0 || closing) {
            return;
        }
        boolean wasEmpty = writeQueue.isEmpty();
        writeQueue.add(ByteBuffer.wrap(data));
        appended(wasEmpty);
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
        Objects.requireNonNull(data, "data");
        List<byte[]> items = new ArrayList<>();
        for (byte[] item : data) {
            if (item == null) {
                throw new NullPointerException("data element " + items.size() + " is null");
            }
            items.add(item);
        }
        if (eofRequested) {
            throw new IllegalStateException("writelines() after writeEof()");
        }
        if (closing) {
            return;
        }
        boolean wasEmpty = writeQueue.isEmpty();
        for (byte[] item : items) {
            if (item.length > 0) {
                writeQueue.add(ByteBuffer.wrap(item));
            }
        }
        if (!writeQueue.isEmpty()) {
            appended(wasEmpty);
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

    @Override
    public void abort() {
        forceClose(null);
    }

    @Override
    public long getWriteBufferSize() {
        return writeQueue.size();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return flowControl.limits();
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        flowControl.setLimits(high, low, writeQueue.size());
    }

    // ---- BaseTransport

    /** Idempotent. {@code connectionLost(null)} follows once the buffer is flushed, never inside this call. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (writeQueue.isEmpty()) {
            lost = true;
            closeChannel();
            loop.callSoon(() -> connectionLost(null));
        } else {
            updateInterest(); // stop reading, keep flushing
        }
    }

    /**
     * {@code peername} and {@code sockname} ({@link InetSocketAddress}, read when the transport was
     * created, so still available after the connection is lost), {@code socket} (the
     * {@link SocketChannel}); {@code defaultValue} for any other name.
     *
     * @throws NullPointerException if {@code name} is null
     */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        switch (name) {
            case ExtraInfo.PEERNAME:
                return peername;
            case ExtraInfo.SOCKNAME:
                return sockname;
            case ExtraInfo.SOCKET:
                return channel;
            default:
                return defaultValue;
        }
    }

    @Override
    public String toString() {
        String state = lost ? "closed" : closing ? "closing" : "open";
        return "TcpTransport[" + sockname + " -> " + peername + ", " + state + ", buffered=" + writeQueue.size() + "]";
    }

    // ---- internals

    private boolean isReading() {
        return !closing && !readingPaused && !eofReceived;
    }

    private void readReady() {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            forceClose(e);
            return;
        }
        if (n > 0) {
            byte[] data = new byte[n];
            buffer.flip().get(data);
            try {
                protocol.dataReceived(data);
            } catch (Throwable failure) {
                fatalError(failure, "Fatal error: protocol.dataReceived() call failed.");
            }
        } else if (n < 0) {
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

    /**
     * After data was queued: if the queue was empty, send now (asyncio's write tries the socket at once)
     * and watch for writability if some is left; when data was already queued it is only appended.
     * Then pause the protocol if the buffer went over the high-water mark.
     */
    private void appended(boolean wasEmpty) {
        if (wasEmpty) {
            try {
                writeQueue.flushTo(channel);
            } catch (IOException e) {
                forceClose(e);
                return;
            }
            updateInterest();
        }
        flowControl.maybePause(writeQueue.size());
    }

    private void writeReady() {
        try {
            writeQueue.flushTo(channel);
        } catch (IOException e) {
            forceClose(e);
            return;
        }
        flowControl.maybeResume(writeQueue.size()); // the protocol may write, close or abort here
        if (lost) {
            return;
        }
        if (writeQueue.isEmpty()) {
            if (closing) {
                lost = true;
                closeChannel();
                connectionLost(null);
                return;
            }
            if (eofRequested) {
                shutdownOutput();
            }
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

    /** A protocol callback threw: report it, then close with that exception (asyncio's {@code _fatal_error}). */
    private void fatalError(Throwable failure, String message) {
        Failures.rethrowIfFatal(failure);
        loop.reportException(new ExceptionContext(message, failure, this, protocol));
        forceClose(Failures.asException(failure));
    }

    /** asyncio's {@code _force_close}: drop the buffer, close, schedule {@code connectionLost(exc)}. */
    private void forceClose(Exception exc) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        writeQueue.clear();
        closeChannel();
        loop.callSoon(() -> connectionLost(exc));
    }

    private void connectionLost(Exception exc) {
        try {
            protocol.connectionLost(exc);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            loop.reportException(new ExceptionContext("Exception in protocol.connectionLost()", failure, this, protocol));
        }
    }

    private void updateInterest() {
        if (lost) {
            return;
        }
        int ops = (isReading() ? SelectionKey.OP_READ : 0) | (writeQueue.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    private void closeChannel() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway: nothing useful to do with it
        }
    }

    private SocketAddress address(boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
        } catch (IOException e) {
            return null; // the spec's "None on error"
        }
    }
}
