package io.asynciotck.tck.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the runner hands its {@link ResultCollector} to the {@link ConformancePlugin}, which Cucumber
 * instantiates by class name: the runner registers the collector under the report file it passes as
 * the plugin's argument, and the plugin looks it up by that file. Keying by file keeps concurrent runs
 * (different report folders) apart.
 */
public final class CollectorRegistry {

    private static final Map<Path, ResultCollector> COLLECTORS = new ConcurrentHashMap<>();

    private CollectorRegistry() {
    }

    /** Registers {@code collector} under its report file until the returned registration is closed. */
    public static Registration register(ResultCollector collector) {
        Path key = key(collector.reportFile());
        if (COLLECTORS.putIfAbsent(key, collector) != null) {
            throw new IllegalStateException("another run is already writing " + key);
        }
        return () -> COLLECTORS.remove(key, collector);
    }

    public static Optional<ResultCollector> lookup(Path reportFile) {
        return Optional.ofNullable(COLLECTORS.get(key(reportFile)));
    }

    private static Path key(Path reportFile) {
        return reportFile.toAbsolutePath().normalize();
    }

    /** A registration; closing it unregisters the collector. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
