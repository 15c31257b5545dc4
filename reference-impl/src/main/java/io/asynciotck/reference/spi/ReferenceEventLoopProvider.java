package io.asynciotck.reference.spi;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;

import java.util.EnumSet;
import java.util.Set;

/**
 * The reference implementation, named {@code reference}: a java.nio selector loop offering TCP, UDP and
 * pipes, and child processes where they are supported (64-bit Linux 5.3+, see
 * {@link ReferenceEventLoop#subprocessSupport()}).
 */
public final class ReferenceEventLoopProvider implements EventLoopProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.of(Capability.TCP, Capability.UDP, Capability.TLS, Capability.PIPES);
        if (ReferenceEventLoop.subprocessSupport() == null) {
            capabilities.add(Capability.SUBPROCESS);
        }
        return capabilities;
    }

    @Override
    public EventLoop newEventLoop() {
        return new ReferenceEventLoop();
    }
}
