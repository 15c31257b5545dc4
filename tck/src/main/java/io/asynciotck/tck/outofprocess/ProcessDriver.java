package io.asynciotck.tck.outofprocess;

import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.OpenSessions;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The driver of an implementation in another process and language, speaking the line protocol of
 * {@code drivers/PROTOCOL.md} (version 1) with a child process started from a command line: one child
 * per session, that is per scenario, so that a child that crashes or hangs costs one scenario.
 *
 * <p>The implementation's name, description and capabilities come from the {@code hello} of a child
 * started, asked and closed when the driver is made.
 */
public final class ProcessDriver implements Driver {

    private final List<String> command;
    private final Timeouts timeouts;
    private final Hello hello;
    private final OpenSessions<ProcessSession> openSessions = new OpenSessions<>();

    /**
     * Starts one child to learn what it drives, and closes it.
     *
     * @param command  the child's command line, program first
     * @param timeouts every request waits at most the arrival timeout; {@code hello} and
     *                 {@code create_subprocess} the start-up timeout
     * @throws IllegalArgumentException when the command cannot be started
     * @throws DriverException          when the child's hello fails: the message names the command, what
     *                                  came back and the child's stderr
     */
    public ProcessDriver(List<String> command, Timeouts timeouts) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the driver command is empty");
        }
        this.command = List.copyOf(command);
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        ProcessSession first;
        try {
            first = start(new EventLog(timeouts));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot start the driver " + command + ": " + e.getMessage(), e);
        }
        this.hello = first.hello();
        first.close();
    }

    @Override
    public String implementationName() {
        return hello.implementation();
    }

    @Override
    public String description() {
        return hello.description();
    }

    @Override
    public String runtime() {
        return hello.runtime();
    }

    @Override
    public Set<String> capabilities() {
        return hello.capabilities();
    }

    /**
     * Starts the session's own child and says hello.
     *
     * @throws DriverException when the child cannot be started, its hello fails, or it names another
     *                         implementation than the first child did
     */
    @Override
    public DriverSession openSession(EventLog log) {
        ProcessSession session;
        try {
            session = start(log);
        } catch (IOException e) {
            throw new DriverException("Cannot start the driver " + command + ": " + e.getMessage(), e);
        }
        if (!session.hello().implementation().equals(hello.implementation())) {
            DriverException error = new DriverException("The driver " + command + " said hello as implementation '"
                    + session.hello().implementation() + "', after '" + hello.implementation() + "' at first");
            try {
                session.close();
            } catch (DriverException alsoFailed) {
                error.addSuppressed(alsoFailed);
            }
            throw error;
        }
        return session;
    }

    private ProcessSession start(EventLog log) throws IOException {
        ProcessSession session = ProcessSession.open(command, timeouts, log, openSessions::remove);
        openSessions.add(session);
        return session;
    }

    /**
     * Closes the sessions still open.
     *
     * @throws DriverException the first session's failure to close, once all were closed
     */
    @Override
    public void close() {
        openSessions.closeAll();
    }

    @Override
    public String toString() {
        return "ProcessDriver" + command;
    }
}
