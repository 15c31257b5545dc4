package io.asynciotck.reference.spi;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.reference.transport.ReferenceEventLoop;

import java.util.EnumSet;
import java.util.Set;

/** The reference implementation, named {@code reference}: a java.nio selector loop offering TCP and UDP. */
public final class ReferenceEventLoopProvider implements EventLoopProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.TCP, Capability.UDP);
    }

    @Override
    public EventLoop newEventLoop() {
        return new ReferenceEventLoop();
    }
}
