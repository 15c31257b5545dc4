package io.asynciotck.reference.flowcontrol;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.reference.loop.Failures;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The write flow-control state machine of a transport, as asyncio's {@code _FlowControlMixin}: the
 * water marks and whether the protocol is paused. The transport owns the buffer and passes its size
 * in; this class decides when the protocol's {@code pauseWriting()} and {@code resumeWriting()} are
 * called.
 *
 * <ul>
 *   <li>{@link #maybePause}: the protocol is paused, once, when the size goes strictly over the
 *       high-water mark. Transports call it right after queueing data, inside {@code write()}.</li>
 *   <li>{@link #maybeResume}: a paused protocol is resumed, once, when the size is at or below the
 *       low-water mark. Transports call it after handing buffered data to the kernel.</li>
 *   <li>{@link #setLimits}: new limits take effect at once and may pause the protocol inside the call;
 *       they never resume it.</li>
 * </ul>
 *
 * <p>The paused flag is set before the protocol is called, so a protocol that writes from inside
 * {@code pauseWriting()} is not paused twice. An exception thrown by {@code pauseWriting()} or
 * {@code resumeWriting()} goes to the exception reporter; the state is kept as if the call had
 * succeeded and the transport stays open (asyncio's behaviour).
 *
 * <p>Not thread-safe: used on the loop thread.
 */
public final class WriteFlowController {

    /** asyncio's default high-water mark: 64 KiB. */
    public static final long DEFAULT_HIGH = 64 * 1024;
    /** asyncio's default low-water mark: a quarter of the high-water mark. */
    public static final long DEFAULT_LOW = DEFAULT_HIGH / 4;

    private final Object transport;
    private final BaseProtocol<?> protocol;
    private final Consumer<ExceptionContext> reporter;
    private WriteBufferLimits limits = new WriteBufferLimits(DEFAULT_LOW, DEFAULT_HIGH);
    private boolean paused;

    /**
     * @param transport the transport, named in the reported exception contexts
     * @param protocol  receives {@code pauseWriting()} and {@code resumeWriting()}
     * @param reporter  receives the exceptions those calls throw (the loop's exception handler)
     */
    public WriteFlowController(Object transport, BaseProtocol<?> protocol, Consumer<ExceptionContext> reporter) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
    }

    /** The current limits. */
    public WriteBufferLimits limits() {
        return limits;
    }

    /** Whether {@code pauseWriting()} was called and {@code resumeWriting()} not yet. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * {@code set_write_buffer_limits(high, low)}: when only high is given, low is high / 4; when only
     * low is given, high is 4 * low; when neither is, the defaults. Then the protocol is paused if
     * {@code bufferSize} is over the new high-water mark.
     *
     * @param high       the high-water mark, or null
     * @param low        the low-water mark, or null
     * @param bufferSize the transport's current buffer size
     * @throws IllegalArgumentException naming both values unless {@code high >= low >= 0}; the limits
     *                                  are then unchanged
     */
    public void setLimits(Long high, Long low, long bufferSize) {
        long newHigh;
        if (high != null) {
            newHigh = high;
        } else if (low == null) {
            newHigh = DEFAULT_HIGH;
        } else {
            newHigh = low > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 4 * low;
        }
        long newLow = low != null ? low : newHigh / 4;
        limits = new WriteBufferLimits(newLow, newHigh); // validates: high >= low >= 0
        maybePause(bufferSize);
    }

    /** Pauses the protocol if it is not paused and {@code bufferSize} is strictly over the high-water mark. */
    public void maybePause(long bufferSize) {
        if (paused || bufferSize <= limits.high()) {
            return;
        }
        paused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            reporter.accept(new ExceptionContext("protocol.pauseWriting() failed", failure, transport, protocol));
        }
    }

    /** Resumes the protocol if it is paused and {@code bufferSize} is at or below the low-water mark. */
    public void maybeResume(long bufferSize) {
        if (!paused || bufferSize > limits.low()) {
            return;
        }
        paused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            reporter.accept(new ExceptionContext("protocol.resumeWriting() failed", failure, transport, protocol));
        }
    }
}
