package io.asynciotck.reference.loop;

/**
 * How the loop and its transports treat a {@link Throwable} thrown by a callback: like asyncio, which
 * catches everything but {@code SystemExit} and {@code KeyboardInterrupt}, they catch everything but a
 * {@link VirtualMachineError}, which the program cannot be expected to survive.
 */
public final class Failures {

    private Failures() {
    }

    /** Rethrows {@code failure} if it is a {@link VirtualMachineError}; returns otherwise. */
    public static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    /**
     * The exception to hand to {@code connectionLost(Exception)}: {@code failure} itself, or an
     * {@link Error} wrapped in a {@link RuntimeException}.
     */
    public static Exception asException(Throwable failure) {
        return failure instanceof Exception exception ? exception : new RuntimeException(failure.toString(), failure);
    }
}
