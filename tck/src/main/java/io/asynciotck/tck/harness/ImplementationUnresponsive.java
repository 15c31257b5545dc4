package io.asynciotck.tck.harness;

import org.opentest4j.TestAbortedException;

/**
 * Why a scenario was not run: the implementation had been unresponsive in too many scenarios in a row
 * ({@link UnresponsiveGuard}). Cucumber reports the scenario as skipped; the TCK counts it as not run,
 * which fails the run.
 */
public class ImplementationUnresponsive extends TestAbortedException {

    public ImplementationUnresponsive(String message) {
        super(message);
    }
}
