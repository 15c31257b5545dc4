package io.asynciotck.tck.outofprocess;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real Python driver of the repository, for tests that skip themselves when {@code python3} cannot run it. */
public final class PythonDriver {

    /** The script, found from the tck module: {@code ../drivers/python/asyncio_driver.py}. */
    public static final Path SCRIPT = Path.of("..", "drivers", "python", "asyncio_driver.py").toAbsolutePath().normalize();

    private PythonDriver() {
    }

    /**
     * {@code python3 asyncio_driver.py --loop asyncio}; aborts the calling test when the script is
     * missing or {@code python3} cannot import asyncio.
     */
    public static List<String> command() {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no Python driver at " + SCRIPT);
        try {
            Process python = new ProcessBuilder("python3", "-c", "import asyncio").redirectErrorStream(true).start();
            Assumptions.assumeTrue(python.waitFor(10, TimeUnit.SECONDS) && python.exitValue() == 0,
                    "python3 cannot import asyncio");
        } catch (IOException e) {
            Assumptions.abort("python3 cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Assumptions.abort("interrupted while checking python3");
        }
        return List.of("python3", SCRIPT.toString(), "--loop", "asyncio");
    }
}
