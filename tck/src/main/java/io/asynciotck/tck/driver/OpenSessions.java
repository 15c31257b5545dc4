package io.asynciotck.tck.driver;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions a driver has open, so that closing the driver closes what scenarios left open. Sessions
 * remove themselves when they close.
 */
public final class OpenSessions<S extends DriverSession> {

    private final Set<S> open = ConcurrentHashMap.newKeySet();

    public void add(S session) {
        open.add(session);
    }

    public void remove(S session) {
        open.remove(session);
    }

    /**
     * Closes every session still open.
     *
     * @throws DriverException the first session's failure to close, once all were closed
     */
    public void closeAll() {
        DriverException first = null;
        for (S session : List.copyOf(open)) {
            try {
                session.close();
            } catch (DriverException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
