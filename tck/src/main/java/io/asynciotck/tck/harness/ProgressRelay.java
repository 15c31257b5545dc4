package io.asynciotck.tck.harness;

import io.asynciotck.tck.events.Patience;

/**
 * Lets one thread's moves count as progress of another thread's current wait: in a bulk transfer, the
 * writer waits for {@code resume_writing} while the peer's thread drains what was written, and each
 * read of the peer is progress of that wait. The waiting thread {@link #begin}s each wait with its own
 * {@link Patience}; the moving thread calls {@link #moved()}.
 */
final class ProgressRelay {

    private volatile Patience current;

    /** Makes {@code patience} the one that later moves prolong; returns it. */
    Patience begin(Patience patience) {
        current = patience;
        return patience;
    }

    /** Something moved: progress of the current wait, if any. */
    void moved() {
        Patience patience = current;
        if (patience != null) {
            patience.progressed();
        }
    }
}
