package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.api.transport.WriteFlowControl;
import io.asynciotck.reference.flowcontrol.WriteFlowController;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * What the socket transports share, as asyncio's {@code _SelectorTransport}: the channel and its key
 * (the transport is the key's {@link IoHandler}), the protocol, write flow control through a
 * {@link WriteFlowController}, the closing states, the extra info and the fatal-error policy. Used on
 * the loop thread only. Subclasses own the outgoing buffer and the reading and writing.
 *
 * <p>Life cycle: the transport closes in one of three ways, each ending in exactly one
 * {@code connectionLost}, after which the protocol gets no other callback:
 * <ul>
 *   <li>{@link #close()}: reading stops; once the buffer is flushed the channel is closed and
 *       {@code connectionLost(null)} is called, through {@code callSoon} when the buffer was already
 *       empty, never from inside {@code close()} (subclasses call {@link #closeIfFlushed()} after a
 *       flush);</li>
 *   <li>{@link #abort()}: the buffer is dropped, the channel closed, {@code connectionLost(null)}
 *       scheduled;</li>
 *   <li>a fatal error ({@link #forceClose}, {@link #fatalError}): as abort, with
 *       {@code connectionLost(exception)}.</li>
 * </ul>
 *
 * @param <C> the channel
 * @param <P> the protocol
 */
abstract class SelectorTransport<C extends SelectableChannel & NetworkChannel, P extends BaseProtocol<?>>
        implements BaseTransport, WriteFlowControl, IoHandler {

    final SelectorEventLoop loop;
    final C channel;
    final P protocol;
    final WriteFlowController flowControl;
    private final SelectionKey key;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    /** The interest set last given to the key. */
    private int interestOps;
    /** {@code close()}, {@code abort()} or a fatal error: no more reading, no more writes accepted. */
    boolean closing;
    /** The channel is closed and {@code connectionLost} called or scheduled. */
    boolean lost;

    /**
     * @param key      the channel's key with this loop's selector; the transport attaches itself to it
     * @param peername the remote address, or null (an unconnected datagram endpoint, or on error)
     */
    SelectorTransport(SelectorEventLoop loop, C channel, SelectionKey key, P protocol, SocketAddress peername) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.protocol = protocol;
        this.peername = peername;
        this.sockname = localAddress(channel);
        this.flowControl = new WriteFlowController(this, protocol, loop::reportException);
        this.interestOps = key.interestOps();
        key.attach(this);
    }

    // ---- what subclasses provide

    /** Whether the channel should be watched for {@code OP_READ}. */
    abstract boolean isReading();

    /** Whether nothing is queued for writing (a queued empty datagram counts as something). */
    abstract boolean isBufferEmpty();

    /** Bytes queued for writing. */
    abstract long bufferSize();

    /** Drops everything queued for writing. */
    abstract void clearBuffer();

    /** Calls the protocol's {@code connectionMade} with this transport. */
    abstract void callConnectionMade();

    // ---- IoHandler

    @Override
    public void onLoopClose() {
        if (!lost) {
            lost = true;
            closing = true;
            clearBuffer();
            closeChannel();
        }
    }

    // ---- BaseTransport, WriteFlowControl, abort

    /** Idempotent. {@code connectionLost(null)} follows once the buffer is flushed, never inside this call. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (isBufferEmpty()) {
            lost = true;
            closeChannel();
            loop.callSoon(() -> connectionLost(null));
        } else {
            updateInterest(); // stop reading, keep flushing
        }
    }

    /**
     * Spec: "Close the transport immediately, without waiting for pending operations to complete.
     * Buffered data will be lost." {@code connectionLost(null)} is scheduled. No effect once the
     * channel is closed.
     */
    public void abort() {
        forceClose(null);
    }

    /**
     * {@code peername} and {@code sockname} (read when the transport was created, so still available
     * after the connection is lost), {@code socket} (the channel); {@code defaultValue} for any other
     * name. {@code peername} is null, whatever the default, when there is no remote address: the
     * name is known, its value is None (asyncio's unconnected datagram endpoints).
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
    public long getWriteBufferSize() {
        return bufferSize();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return flowControl.limits();
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        flowControl.setLimits(high, low, bufferSize());
    }

    @Override
    public String toString() {
        String state = lost ? "closed" : closing ? "closing" : "open";
        return getClass().getSimpleName() + "[" + sockname + " -> " + peername + ", " + state + ", buffered=" + bufferSize() + "]";
    }

    // ---- for subclasses

    /** The remote address of the transport, or null. */
    SocketAddress peername() {
        return peername;
    }

    /**
     * Calls {@code connectionMade}, then watches the channel as {@link #isReading()} and the buffer
     * say (unless the protocol closed the transport).
     */
    void start() {
        try {
            callConnectionMade();
        } catch (Throwable failure) {
            fatalError(failure, "Fatal error: protocol.connectionMade() call failed.");
            return;
        }
        updateInterest();
    }

    /**
     * After a flush: when closing and the buffer is empty, closes the channel and calls
     * {@code connectionLost(null)} (an I/O event, so not from inside {@code close()}).
     *
     * @return whether the transport is now closed
     */
    boolean closeIfFlushed() {
        if (!closing || lost || !isBufferEmpty()) {
            return lost;
        }
        lost = true;
        closeChannel();
        connectionLost(null);
        return true;
    }

    /** A protocol callback threw: report it, then close with that exception (asyncio's {@code _fatal_error}). */
    void fatalError(Throwable failure, String message) {
        Failures.rethrowIfFatal(failure);
        loop.reportException(new ExceptionContext(message, failure, this, protocol));
        forceClose(Failures.asException(failure));
    }

    /** asyncio's {@code _force_close}: drop the buffer, close, schedule {@code connectionLost(exc)}. */
    void forceClose(Exception exc) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        clearBuffer();
        closeChannel();
        loop.callSoon(() -> connectionLost(exc));
    }

    /** Gives the key the interest set that {@link #isReading()} and the buffer call for. */
    void updateInterest() {
        if (lost) {
            return;
        }
        int ops = (isReading() ? SelectionKey.OP_READ : 0) | (isBufferEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    // ---- internals

    private void connectionLost(Exception exc) {
        try {
            protocol.connectionLost(exc);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            loop.reportException(new ExceptionContext("Exception in protocol.connectionLost()", failure, this, protocol));
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

    private static SocketAddress localAddress(NetworkChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null; // the spec's "None on error"
        }
    }
}
