package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.reference.flowcontrol.WriteFlowController;
import io.asynciotck.reference.loop.Failures;
import io.asynciotck.reference.loop.IoHandler;
import io.asynciotck.reference.loop.IoRegistration;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every channel transport shares, whatever watches its channel: the channel and its
 * {@link IoRegistration} (the transport is the registration's {@link IoHandler}), the protocol, write
 * flow control through a {@link WriteFlowController}, the closing states and the fatal-error policy.
 * Socket transports add their extra info in {@link SelectorTransport}; pipe transports
 * ({@link PipeReadTransport}, {@link PipeWriteTransport}) extend this class directly, watched by the
 * selector for JDK pipes and by the process poller for the pipes of child processes. Used on the loop
 * thread only. Subclasses own the outgoing buffer and the reading and writing.
 *
 * <p>Life cycle: the transport closes in one of three ways, each ending in exactly one
 * {@code connectionLost}, after which the protocol gets no other callback:
 * <ul>
 *   <li>{@link #close()}: reading stops; once the buffer is flushed the channel is closed and
 *       {@code connectionLost(null)} is called, through {@code callSoon} when the buffer was already
 *       empty, never from inside {@code close()} (subclasses call {@link #closeIfFlushed()} after a
 *       flush);</li>
 *   <li>{@code abort()}: the buffer is dropped, the channel closed, {@code connectionLost(null)}
 *       scheduled;</li>
 *   <li>a fatal error ({@link #forceClose}, {@link #fatalError}): as abort, with
 *       {@code connectionLost(exception)}.</li>
 * </ul>
 *
 * @param <C> the channel
 * @param <P> the protocol
 */
public abstract class ChannelTransport<C extends Channel, P extends BaseProtocol<?>> implements BaseTransport, IoHandler {

    final SelectorEventLoop loop;
    final C channel;
    final P protocol;
    final WriteFlowController flowControl;
    private final IoRegistration registration;
    /** The interest set last given to the registration. */
    private int interestOps;
    /** {@code close()}, {@code abort()} or a fatal error: no more reading, no more writes accepted. */
    boolean closing;
    /** The channel is closed and {@code connectionLost} called or scheduled. */
    boolean lost;
    /** {@code pauseReading()} was called and not yet undone (reading transports only). */
    boolean readingPaused;

    /**
     * @param registration how the channel is watched; the transport attaches itself to it
     * @param protocol     the protocol, which also receives {@code pauseWriting}/{@code resumeWriting}
     */
    ChannelTransport(SelectorEventLoop loop, C channel, IoRegistration registration, P protocol) {
        this.loop = loop;
        this.channel = channel;
        this.registration = registration;
        this.protocol = protocol;
        this.flowControl = new WriteFlowController(this, protocol, loop::reportException);
        this.interestOps = registration.interestOps();
        registration.attach(this);
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

    /** {@code defaultValue}: subclasses answer the names of their kind. */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        return defaultValue;
    }

    /** The write buffer size (for the transports that write). */
    public long getWriteBufferSize() {
        return bufferSize();
    }

    /** The water marks (for the transports that write). */
    public WriteBufferLimits getWriteBufferLimits() {
        return flowControl.limits();
    }

    /** Sets the water marks (for the transports that write); may pause the protocol inside the call. */
    public void setWriteBufferLimits(Long high, Long low) {
        flowControl.setLimits(high, low, bufferSize());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + channel + ", " + state() + ", buffered=" + bufferSize() + "]";
    }

    // ---- for subclasses

    /** {@code open}, {@code closing} or {@code closed}. */
    final String state() {
        return lost ? "closed" : closing ? "closing" : "open";
    }

    /**
     * Calls {@code connectionMade}, then watches the channel as {@link #isReading()} and the buffer
     * say (unless the protocol closed the transport).
     */
    public void start() {
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

    /** Gives the registration the interest set that {@link #isReading()} and the buffer call for. */
    void updateInterest() {
        if (lost) {
            return;
        }
        int ops = (isReading() ? SelectionKey.OP_READ : 0) | (isBufferEmpty() ? 0 : SelectionKey.OP_WRITE);
        if (ops != interestOps) {
            interestOps = ops;
            registration.interestOps(ops);
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
        registration.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway: nothing useful to do with it
        }
    }
    // ---- the write side shared by stream and write-pipe transports

    /**
     * {@code write(data)} on a transport that owns {@code queue}: nothing once closing or for no data;
     * otherwise, when nothing is queued, writes to the channel at once, and copies what it did not take
     * (or all of it, when something is queued) into the queue; then pauses the protocol if the buffer went
     * over the high-water mark. {@code data}'s position ends at its limit: the caller may reuse it.
     */
    final void queueAndSend(WriteQueue queue, GatheringByteChannel out, ByteBuffer data) {
        if (closing || !data.hasRemaining()) {
            data.position(data.limit());
            return;
        }
        if (queue.isEmpty()) {
            try {
                WriteQueue.writeDirectly(out, data);
            } catch (IOException e) {
                data.position(data.limit());
                forceClose(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            queue.copy(data);
            updateInterest();
        } else {
            queue.copy(data);
        }
        flowControl.maybePause(queue.size());
    }

    /** {@code writelines(items)}: as {@link #queueAndSend(WriteQueue, GatheringByteChannel, ByteBuffer)}, one gathering write for all. */
    final void queueAndSend(WriteQueue queue, GatheringByteChannel out, List<byte[]> items) {
        if (closing) {
            return;
        }
        List<ByteBuffer> buffers = new ArrayList<>(items.size());
        long total = 0;
        for (byte[] item : items) {
            if (item.length > 0) {
                buffers.add(ByteBuffer.wrap(item));
                total += item.length;
            }
        }
        if (buffers.isEmpty()) {
            return;
        }
        boolean wasEmpty = queue.isEmpty();
        if (wasEmpty && total <= WriteQueue.MAX_BYTES_PER_WRITE) {
            try {
                out.write(buffers.toArray(ByteBuffer[]::new));
            } catch (IOException e) {
                forceClose(e);
                return;
            }
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                queue.copy(buffer);
            }
        }
        if (wasEmpty && !queue.isEmpty()) {
            if (total > WriteQueue.MAX_BYTES_PER_WRITE) {
                // too much to offer in one gathering write from the heap: sent from the queue's chunks
                try {
                    queue.flushTo(out);
                } catch (IOException e) {
                    forceClose(e);
                    return;
                }
            }
            updateInterest();
        }
        flowControl.maybePause(queue.size());
    }

    /**
     * Flushes {@code queue} when the channel is writable, then resumes the protocol if the buffer
     * drained to the low-water mark (the protocol may write, close or abort in there).
     *
     * @return false when the transport was closed by an error
     */
    final boolean flushQueued(WriteQueue queue, GatheringByteChannel out) {
        try {
            queue.flushTo(out);
        } catch (IOException e) {
            forceClose(e);
            return false;
        }
        flowControl.maybeResume(queue.size());
        return true;
    }

    /**
     * One read of a reading transport's channel into the loop's shared buffer, handed to
     * {@link Protocol#dataReceived(ByteBuffer)} as it is (valid during the call only; the protocol's
     * default copies it into an array of its own for {@code dataReceived(byte[])}). A read error closes
     * the transport with it; an exception thrown by {@code dataReceived()} is a fatal error.
     *
     * @return true at the end of the stream, which the caller handles (nothing was handed on)
     */
    final boolean readOnce(ReadableByteChannel in, Protocol<?> receiver) {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n;
        try {
            n = in.read(buffer);
        } catch (IOException e) {
            forceClose(e);
            return false;
        }
        if (n > 0) {
            buffer.flip();
            try {
                receiver.dataReceived(buffer);
            } catch (Throwable failure) {
                fatalError(failure, "Fatal error: protocol.dataReceived() call failed.");
            }
        }
        return n < 0;
    }

    /**
     * {@code pause_reading()} / {@code resume_reading()} for the transports that read: idempotent, and
     * without effect once the transport is closing.
     */
    final void setReadingPaused(boolean paused) {
        if (closing || readingPaused == paused) {
            return;
        }
        readingPaused = paused;
        updateInterest();
    }
}
