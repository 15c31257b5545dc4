package io.asynciotck.reference.process;

import java.io.IOException;

/**
 * asyncio's {@code ProcessLookupError}: a signal was asked for a child that has already been reaped,
 * whose process id may belong to another process by now. Thrown by the reference subprocess
 * transport's {@code kill}, {@code terminate} and {@code sendSignal}, wrapped in an
 * {@link java.io.UncheckedIOException} since those methods declare no checked exception.
 */
public final class ProcessLookupException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProcessLookupException(String message) {
        super(message);
    }
}
