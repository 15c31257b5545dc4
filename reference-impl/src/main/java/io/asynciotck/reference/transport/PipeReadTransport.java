package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.ReadTransport;
import io.asynciotck.reference.loop.IoRegistration;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * The read end of a pipe, with the semantics of asyncio's {@code _UnixReadPipeTransport}: for
 * {@code connectReadPipe} (a JDK {@link java.nio.channels.Pipe.SourceChannel}, watched by the loop's
 * selector) and for a child's stdout and stderr (a {@link io.asynciotck.reference.process.FdChannel},
 * watched by the process poller). Life cycle as every {@link ChannelTransport}. Loop thread only.
 *
 * <p>Reading: one read into the loop's shared buffer per readiness event; {@code dataReceived} gets a
 * copy of exactly the bytes read, never empty. At end of stream (every writer closed its end)
 * {@code eofReceived} is called and the transport closes whatever it returns, as asyncio's read pipe
 * does: a pipe cannot be half-closed. {@code connectionLost(null)} follows. A read error closes the
 * transport with {@code connectionLost(exception)}; an exception thrown by the protocol is reported
 * to the loop's exception handler first.
 *
 * <p>{@link #pauseReading()} stops reading: nothing is buffered in the parent, and the writer blocks
 * once the pipe is full.
 */
public final class PipeReadTransport extends ChannelTransport<ReadableByteChannel, Protocol<? super ReadTransport>> implements ReadTransport {

    /** End of stream was read: no more reading. */
    private boolean eof;

    /** @param registration how {@code channel} is watched; the transport attaches itself to it */
    public PipeReadTransport(SelectorEventLoop loop, ReadableByteChannel channel, IoRegistration registration,
                      Protocol<? super ReadTransport> protocol) {
        super(loop, channel, registration, protocol);
    }

    // ---- IoHandler

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0 && isReading()) {
            readReady();
        }
    }

    // ---- ReadTransport

    /** Idempotent; has no effect once the transport is closing. */
    @Override
    public void pauseReading() {
        setReadingPaused(true);
    }

    /** Idempotent; has no effect once the transport is closing. Data waiting in the pipe is then delivered. */
    @Override
    public void resumeReading() {
        setReadingPaused(false);
    }

    /** {@code pipe}: the channel; {@code defaultValue} for any other name. */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        return ExtraInfo.PIPE.equals(name) ? channel : defaultValue;
    }

    // ---- ChannelTransport

    @Override
    boolean isReading() {
        return !closing && !readingPaused && !eof;
    }

    @Override
    boolean isBufferEmpty() {
        return true;
    }

    @Override
    long bufferSize() {
        return 0;
    }

    @Override
    void clearBuffer() {
        // nothing is buffered for writing
    }

    @Override
    void callConnectionMade() {
        protocol.connectionMade(this);
    }

    // ---- internals

    private void readReady() {
        if (!readOnce(channel, protocol)) {
            return;
        }
        eof = true;
        updateInterest();
        try {
            protocol.eofReceived(); // the answer does not matter: a read pipe closes at EOF
        } catch (Throwable failure) {
            fatalError(failure, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        close();
    }
}
