package io.asynciotck.api.spi;

import io.asynciotck.api.loop.EventLoop;

import java.util.Set;

/**
 * How an implementation plugs in: list the implementing class in
 * {@code META-INF/services/io.asynciotck.api.spi.EventLoopProvider} and {@link java.util.ServiceLoader}
 * finds it. The TCK picks a provider by {@link #name()} when several are on the class path.
 */
public interface EventLoopProvider {

    /** A short, unique name for the implementation, such as {@code reference}: used by {@code --impl} and in report paths. */
    String name();

    /** What the implementation offers; scenarios needing anything else are aborted with a reason. */
    Set<Capability> capabilities();

    /** A new, not yet running event loop. */
    EventLoop newEventLoop();
}
