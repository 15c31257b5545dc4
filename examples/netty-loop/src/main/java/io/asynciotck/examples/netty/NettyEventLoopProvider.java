package io.asynciotck.examples.netty;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;

import java.util.Set;

/** The provider the TCK finds with {@code ServiceLoader}: TCP and TLS stream transports and UDP endpoints on Netty's NIO transport. */
public final class NettyEventLoopProvider implements EventLoopProvider {

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.TCP, Capability.UDP, Capability.TLS);
    }

    @Override
    public EventLoop newEventLoop() {
        return new NettyEventLoop();
    }
}
