package io.asynciotck.tck.hostile;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.reference.spi.ReferenceEventLoopProvider;

import java.util.Set;

/**
 * A deliberately hostile implementation for the tests of the TCK's verdict: the reference implementation,
 * made hostile in the way the system property {@value #MODE} names ({@link Hostility}). The tests list it in
 * a jar's {@code META-INF/services} and run the TCK's command line against that jar.
 */
public final class HostileProvider implements EventLoopProvider {

    public static final String MODE = "tck.hostile";

    private final EventLoopProvider reference = new ReferenceEventLoopProvider();

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public Set<Capability> capabilities() {
        return reference.capabilities();
    }

    @Override
    public EventLoop newEventLoop() {
        return new HostileEventLoop(reference.newEventLoop(), Hostility.valueOf(System.getProperty(MODE, "NONE")));
    }
}
