package io.asynciotck.reference.spi;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceEventLoopProviderTest {

    @Test
    void isFoundByTheServiceLoaderAndOffersItsCapabilities() {
        EventLoopProvider provider = ServiceLoader.load(EventLoopProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("reference"))
                .findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(ReferenceEventLoopProvider.class);
        // Child processes need 64-bit Linux 5.3+, which the build machines are.
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.TCP, Capability.UDP, Capability.TLS, Capability.PIPES, Capability.SUBPROCESS);
        EventLoop first = provider.newEventLoop();
        EventLoop second = provider.newEventLoop();
        try {
            assertThat(first).isNotSameAs(second);
            assertThat(first.isRunning()).isFalse();
            assertThat(first.isClosed()).isFalse();
        } finally {
            first.close();
            second.close();
        }
    }
}
