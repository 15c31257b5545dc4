package io.asynciotck.tck.outofprocess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Python driver bundled in the TCK's jar ({@value #RESOURCE}), run by the named drivers
 * {@code asyncio} and {@code uvloop}, and by {@code python:MODULE:CALLABLE} for any other asyncio-compatible
 * loop (a callable that makes a loop, or a policy: {@code python:gbulb:GLibEventLoopPolicy}): it is
 * extracted to a temporary file, deleted when the JVM exits, and run as
 * {@code PYTHON asyncio_driver.py --loop NAME}. The driver names its report folder after the loop, its
 * version and the runtime ({@code uvloop-0.17-cpython-3.11}).
 */
public final class BundledPythonDriver {

    public static final String RESOURCE = "drivers/python/asyncio_driver.py";
    /** The loops the bundled driver hosts, which are the names of the named drivers. */
    public static final List<String> LOOPS = List.of("asyncio", "uvloop");
    /** The Python used when none is given. */
    public static final String DEFAULT_PYTHON = "python3";

    private static Path extracted;

    private BundledPythonDriver() {
    }

    /** {@code python:MODULE:CALLABLE}: the bundled driver on the loop that callable makes (a factory or a policy). */
    public static final String FACTORY_PREFIX = "python:";

    public static boolean isNamed(String driver) {
        return LOOPS.contains(driver) || (driver.startsWith(FACTORY_PREFIX) && driver.indexOf(':', FACTORY_PREFIX.length()) > FACTORY_PREFIX.length());
    }

    /**
     * The command line that runs the bundled driver with {@code python} on {@code loop}, extracting the
     * script on first use.
     *
     * @throws IllegalStateException when this build of the TCK bundles no Python driver
     */
    public static List<String> command(String python, String loop) {
        if (!isNamed(loop)) {
            throw new IllegalArgumentException("no bundled driver named '" + loop + "'; there are " + LOOPS
                    + " and python:MODULE:CALLABLE");
        }
        String spec = loop.startsWith(FACTORY_PREFIX) ? loop.substring(FACTORY_PREFIX.length()) : loop;
        return List.of(python, script().toString(), "--loop", spec);
    }

    private static synchronized Path script() {
        if (extracted == null) {
            try (InputStream in = BundledPythonDriver.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("this build of the TCK bundles no Python driver (" + RESOURCE + " is missing)");
                }
                Path file = Files.createTempFile("asyncio_driver", ".py");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                extracted = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the bundled Python driver " + RESOURCE, e);
            }
        }
        return extracted;
    }
}
