package io.asynciotck.tck.harness;

import java.util.Optional;

/**
 * Stops a run from waiting on an implementation that no longer answers: after {@code limit} consecutive
 * scenarios in which the implementation did not answer a call in time or its loop could not be stopped,
 * every later scenario is not run ({@link ImplementationUnresponsive}), so that a wedged implementation
 * costs a few timeouts, not one per scenario. A scenario in which it answered everything resets the count.
 * Thread-safe; one guard per run.
 */
public final class UnresponsiveGuard {

    /** The default number of consecutive unresponsive scenarios after which the run stops trying. */
    public static final int DEFAULT_LIMIT = 5;

    private final int limit;
    private int consecutive;
    private String last;
    private String tripped;

    public UnresponsiveGuard(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the unresponsive limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * Records how a scenario ended.
     *
     * @param unresponsive what the implementation did not answer in the scenario, or null when it answered
     *                     everything
     */
    public synchronized void scenarioEnded(String unresponsive) {
        if (tripped != null) {
            return;
        }
        if (unresponsive == null) {
            consecutive = 0;
            return;
        }
        consecutive++;
        last = unresponsive;
        if (consecutive >= limit) {
            tripped = "the implementation was unresponsive in " + consecutive + " consecutive scenarios (the limit is "
                    + limit + "); the last time: " + firstLine(last);
        }
    }

    /** Why the run stops trying, once it does. */
    public synchronized Optional<String> tripped() {
        return Optional.ofNullable(tripped);
    }

    /** Throws {@link ImplementationUnresponsive} when the run has stopped trying. */
    public void checkBeforeScenario() {
        Optional<String> reason = tripped();
        if (reason.isPresent()) {
            throw new ImplementationUnresponsive(reason.get());
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
