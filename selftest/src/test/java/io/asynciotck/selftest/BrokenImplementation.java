package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.reference.spi.ReferenceEventLoopProvider;
import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.inprocess.InProcessDriver;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleCatalog;

import java.time.Duration;
import java.util.Set;

/**
 * The reference implementation with exactly one rule broken, by the {@link Mutation} this class is.
 * The TCK must fail on {@link #breaks()}; scenarios of other rules may fail too only where
 * {@link #alsoBreaks()} says why (a documented superset).
 */
abstract class BrokenImplementation extends Mutation implements EventLoopProvider {

    private final ReferenceEventLoopProvider reference = new ReferenceEventLoopProvider();
    private final String rule;
    private final String change;

    /**
     * @param rule   the rule this implementation breaks
     * @param change what was changed, in words
     */
    BrokenImplementation(String rule, String change) {
        this.rule = rule;
        this.change = change;
    }

    String breaks() {
        return rule;
    }

    String change() {
        return change;
    }

    private Set<String> alsoBreaks = Set.of();
    private String whyAlso;

    /** Documents, in a constructor, that the change also fails the scenarios of {@code rules}, and why. */
    final void alsoBreaks(String why, Set<String> rules) {
        this.whyAlso = why;
        this.alsoBreaks = Set.copyOf(rules);
    }

    /** Other rules whose scenarios the change also fails: the documented superset. */
    final Set<String> alsoBreaks() {
        return alsoBreaks;
    }

    /** Why the superset fails too; null when there is none. */
    final String whyAlso() {
        return whyAlso;
    }

    /**
     * Why the TCK cannot catch this change, when it cannot (an escape, kept visible in the report); null
     * when it must.
     */
    String escapes() {
        return null;
    }

    /**
     * The scenarios that can see this change: those of the kinds of transport whose hooks it overrides
     * (a hook it does not override is the identity, so the other kinds' scenarios run the reference
     * unchanged), without the TLS ones. A change only TLS shows selects the TLS scenarios instead
     * ({@link TlsMutants}); one made to asyncio selects the stream scenarios ({@link BrokenAsyncio}). One
     * that delivers {@code connectionMade} after the creating call returned changes every kind.
     *
     * <p>The stream scenarios' variants on accepted connections ({@code @accepted}) run only for a change
     * made to accepted connections alone (the {@code accepted} hook): a change to every stream transport
     * ({@code stream}) is caught by the scenarios on the implementation's client connections already, and
     * running every stream scenario a second time for each would double the self-test's time.
     */
    String selection() {
        java.util.List<String> tags = new java.util.ArrayList<>();
        if (overrides("stream", "streamCallbacks", "adopted", "accepted", "acceptedCallbacks", "server")) {
            tags.add("@tcp");
        }
        if (overrides("readPipe", "writePipe", "pipeCallbacks")) {
            tags.add("@pipes");
        }
        if (overrides("datagram", "datagramCallbacks")) {
            tags.add("@udp");
        }
        if (overrides("subprocess", "subprocessCallbacks")) {
            tags.add("@subprocess");
        }
        if (overrides("connectionMadeAfterTheCallReturns", "returnedTransport")) {
            java.util.List.of("@tcp", "@pipes", "@udp", "@subprocess").stream()
                    .filter(tag -> !tags.contains(tag)).forEach(tags::add);
        }
        if (tags.isEmpty()) {
            throw new IllegalStateException(name() + " overrides no hook of Mutation: it changes nothing");
        }
        return "(" + String.join(" or ", tags) + ") and not @tls" + (overrides("accepted") ? "" : " and not @accepted");
    }

    /** Whether this class, or a class between it and this one (a shared base of several), overrides a hook. */
    private boolean overrides(String... hooks) {
        for (Class<?> type = getClass(); type != BrokenImplementation.class; type = type.getSuperclass()) {
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                if (java.util.Arrays.asList(hooks).contains(method.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How long its scenarios wait for what should arrive. Shorter than the TCK's default: the reference
     * answers within milliseconds, and a broken implementation fails most scenarios by a timeout, which
     * would otherwise cost 5 s each.
     */
    Duration arrivalTimeout() {
        return Duration.ofSeconds(2);
    }

    /**
     * The divergences of the implementation this one is made from, which its run excuses as any run of
     * that implementation does: none for the reference.
     */
    KnownFailures knownFailures(RuleCatalog catalog) {
        return KnownFailures.none();
    }

    /** The driver the TCK runs this broken implementation through: the reference, in process, with this mutation. */
    Driver driver(Timeouts timeouts) {
        return InProcessDriver.of(this, timeouts);
    }

    @Override
    public String name() {
        return "broken-" + rule + "-" + getClass().getSimpleName();
    }

    @Override
    public Set<Capability> capabilities() {
        return reference.capabilities();
    }

    @Override
    public EventLoop newEventLoop() {
        return new BreakingEventLoop(reference.newEventLoop(), this);
    }

    @Override
    public String toString() {
        return name() + ": " + change;
    }
}
