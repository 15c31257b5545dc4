package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.spi.Capability;
import io.asynciotck.api.spi.EventLoopProvider;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Providers that only have a name and capabilities, to test how the driver picks one, and a class
 * loader that lists exactly the given providers in its {@code META-INF/services} file.
 */
final class TestProviders {

    private static final String SERVICES = "META-INF/services/" + EventLoopProvider.class.getName();

    private TestProviders() {
    }

    /** A class loader whose only provider registrations are {@code providers}. */
    static ClassLoader loaderListing(Path dir, Class<?>... providers) throws IOException {
        Path file = dir.resolve("services-" + providers.length + "-" + System.nanoTime());
        Files.writeString(file, Stream.of(providers).map(Class::getName).collect(Collectors.joining("\n", "", "\n")));
        URL url = file.toUri().toURL();
        return new ClassLoader(TestProviders.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals(SERVICES) ? Collections.enumeration(List.of(url)) : super.getResources(name);
            }
        };
    }

    abstract static class NamedProvider implements EventLoopProvider {
        private final String name;

        NamedProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.TCP, Capability.SUBPROCESS);
        }

        @Override
        public EventLoop newEventLoop() {
            throw new UnsupportedOperationException(name + " makes no loops");
        }
    }

    public static final class Alpha extends NamedProvider {
        public Alpha() {
            super("alpha");
        }
    }

    public static final class AlphaAgain extends NamedProvider {
        public AlphaAgain() {
            super("alpha");
        }
    }

    public static final class Beta extends NamedProvider {
        public Beta() {
            super("beta");
        }
    }
}
