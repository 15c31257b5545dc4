package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A driver session whose failures (a call the implementation did not answer, a driver that died) name
 * the scenario's rules and show the recorded callbacks, like every other failure of the TCK, keeping
 * their type; an unanswered call ({@link DriverTimeoutException}) is also reported to
 * {@code onUnresponsive}.
 */
final class RuleNamingSession implements DriverSession {

    private final DriverSession session;
    private final EventLog log;
    private final Consumer<String> onUnresponsive;

    RuleNamingSession(DriverSession session, EventLog log, Consumer<String> onUnresponsive) {
        this.session = session;
        this.log = log;
        this.onUnresponsive = onUnresponsive;
    }

    private <T> T named(Supplier<T> call) {
        try {
            return call.get();
        } catch (DriverTimeoutException e) {
            onUnresponsive.accept(e.getMessage());
            throw new DriverTimeoutException(log.describe(e.getMessage()), e);
        } catch (DriverException e) {
            throw new DriverException(log.describe(e.getMessage()), e);
        }
    }

    @Override
    public Outcome createConnection(String host, int port, Script script) {
        return named(() -> session.createConnection(host, port, script));
    }

    @Override
    public Outcome createConnectionOverSocket(String host, int port, Script script) {
        return named(() -> session.createConnectionOverSocket(host, port, script));
    }

    @Override
    public Outcome createServer(String host, int port, Script script) {
        return named(() -> session.createServer(host, port, script));
    }

    @Override
    public Outcome createTlsConnection(String host, int port, Values.TlsSpec tls, Script script) {
        return named(() -> session.createTlsConnection(host, port, tls, script));
    }

    @Override
    public Outcome createTlsServer(String host, int port, Values.TlsSpec tls, Script script) {
        return named(() -> session.createTlsServer(host, port, tls, script));
    }

    @Override
    public Outcome createDatagramEndpoint(Values.Address local, Values.Address remote, Script script) {
        return named(() -> session.createDatagramEndpoint(local, remote, script));
    }

    @Override
    public Outcome createSubprocess(Values.SubprocessSpec spec, Script script) {
        return named(() -> session.createSubprocess(spec, script));
    }

    @Override
    public PipeConnection<WritableByteChannel> connectReadPipe(Script script) {
        return named(() -> session.connectReadPipe(script));
    }

    @Override
    public PipeConnection<ReadableByteChannel> connectWritePipe(Script script) {
        return named(() -> session.connectWritePipe(script));
    }

    @Override
    public Outcome invoke(String target, Call call) {
        return named(() -> session.invoke(target, call));
    }

    @Override
    public List<Outcome> invokeAll(String target, List<Call> calls) {
        return named(() -> session.invokeAll(target, calls));
    }

    @Override
    public void close() {
        named(() -> {
            session.close();
            return null;
        });
    }
}
