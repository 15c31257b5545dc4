package io.asynciotck.tck.events;

/**
 * An awaited event did not come, or a transfer stopped moving, within its {@link Patience}: a failure of
 * the implementation to act in time rather than a wrong action. Known-failure entries excuse timeouts only
 * when they say so.
 */
public class WaitTimeout extends AssertionError {

    public WaitTimeout(String message) {
        super(message);
    }
}
