package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.driver.OpenSessions;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The driver of a Java implementation in the TCK's own JVM, found through {@link ServiceLoader} as an
 * {@link EventLoopProvider}. Each session runs a new loop of the provider on a dedicated daemon thread
 * named {@code loop-<implementation>-<n>}.
 */
public final class InProcessDriver implements Driver {

    private static final AtomicInteger LOOP_THREADS = new AtomicInteger();

    private final EventLoopProvider provider;
    private final Timeouts timeouts;
    private final OpenSessions<InProcessSession> openSessions = new OpenSessions<>();

    private InProcessDriver(EventLoopProvider provider, Timeouts timeouts) {
        this.provider = provider;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The driver of {@code provider}, given directly rather than found (for embedding the TCK, and its self-test). */
    public static InProcessDriver of(EventLoopProvider provider, Timeouts timeouts) {
        return new InProcessDriver(Objects.requireNonNull(provider, "provider"), timeouts);
    }

    /**
     * Finds the implementation among the {@link EventLoopProvider}s that {@code loader} sees.
     *
     * @param implName the provider's {@link EventLoopProvider#name()}, or null for the only provider
     * @param loader   where to look for providers
     * @param timeouts bound every wait of the driver's sessions on the implementation: the arrival timeout,
     *                 the start-up timeout for a child process to start
     * @throws IllegalArgumentException listing the names found when there is no provider, none of that
     *                                  name, or several and no name (or the same name twice)
     */
    public static InProcessDriver load(String implName, ClassLoader loader, Timeouts timeouts) {
        return load(implName, loader, timeouts, Set.of());
    }

    /**
     * Finds the implementation among the {@link EventLoopProvider}s that {@code loader} sees whose class is
     * one of {@code onlyClasses} (all of them when it is empty): a vendor's jar is tested, never the bundled
     * reference beside it. Providers of other classes are not even instantiated.
     *
     * @throws IllegalArgumentException when no provider is left, none has that name, several are left and
     *                                  no name is given, or a provider cannot be loaded or made
     */
    public static InProcessDriver load(String implName, ClassLoader loader, Timeouts timeouts, Set<String> onlyClasses) {
        List<EventLoopProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(EventLoopProvider.class, loader).stream()
                    .filter(provider -> onlyClasses.isEmpty() || onlyClasses.contains(provider.type().getName()))
                    .forEach(provider -> found.add(provider.get()));
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("Could not load the event loop providers: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
        }
        List<String> names = found.stream().map(EventLoopProvider::name).sorted().toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No implementation found: no " + EventLoopProvider.class.getName()
                    + (onlyClasses.isEmpty() ? " is registered in META-INF/services on the class path"
                    : " of the classes listed in META-INF/services could be found: " + new TreeSet<>(onlyClasses)));
        }
        List<EventLoopProvider> matching = implName == null ? found
                : found.stream().filter(p -> implName.equals(p.name())).toList();
        if (matching.isEmpty()) {
            throw new IllegalArgumentException("No implementation named '" + implName + "'; found " + names);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException((implName == null
                    ? "Several implementations found, choose one by name: "
                    : "Several implementations are named '" + implName + "': ") + names);
        }
        return new InProcessDriver(matching.get(0), timeouts);
    }

    @Override
    public String implementationName() {
        return provider.name();
    }

    /** {@code reference (org.example.ReferenceProvider, in-process on Java 17.0.2)}. */
    @Override
    public String runtime() {
        return "java-" + System.getProperty("java.version");
    }

    @Override
    public String description() {
        return provider.name() + " (" + provider.getClass().getName() + ", in-process on Java " + Runtime.version() + ")";
    }

    @Override
    public Set<String> capabilities() {
        Set<String> names = provider.capabilities().stream()
                .map(capability -> capability.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        return Collections.unmodifiableSet(names);
    }

    /**
     * A new loop of the provider, running on its own thread, whose exception handler records
     * {@code exception_handler(message, exception)} events on target {@code loop}.
     *
     * @throws DriverException when the provider cannot make a loop
     */
    @Override
    public DriverSession openSession(EventLog log) {
        EventLoop loop;
        String threadName = "loop-" + provider.name() + "-" + LOOP_THREADS.incrementAndGet();
        try {
            loop = ImplementationCaller.once("new_event_loop()", "impl-call-" + threadName, timeouts.arrival(),
                    provider::newEventLoop);
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DriverException("The implementation '" + provider.name() + "' could not make an event loop: " + e, e);
        }
        if (loop == null) {
            throw new DriverException("The implementation '" + provider.name() + "' made a null event loop");
        }
        InProcessSession session;
        try {
            session = new InProcessSession(loop, threadName, log, timeouts, openSessions::remove);
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            try {
                loop.close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new DriverException("The event loop of '" + provider.name() + "' could not be set up: " + e, e);
        }
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
}
