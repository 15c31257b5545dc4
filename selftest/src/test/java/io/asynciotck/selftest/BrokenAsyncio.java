package io.asynciotck.selftest;

import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.events.Timeouts;
import io.asynciotck.tck.outofprocess.BundledPythonDriver;
import io.asynciotck.tck.outofprocess.ProcessDriver;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleCatalog;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CPython's asyncio with one rule broken, run through the TCK's Python driver: for the rules the Java
 * API cannot let an in-process implementation break (a {@code WriteBufferLimits} checks itself; the
 * default {@code eof_received()} is the API's, not the loop's), and for CB-11, to prove that the
 * out-of-process driver sees the order of a call's return and {@code connection_made()} as the in-process
 * driver does. {@code broken_asyncio.py} patches asyncio,
 * then runs the driver. Needs {@code $TCK_PYTHON}, else {@code python3}: without it the test is aborted,
 * and the bite report shows the rule unproved.
 */
abstract class BrokenAsyncio extends BrokenImplementation {

    private static final String PATCHER = "selftest/broken_asyncio.py";

    static final List<BrokenImplementation> ALL = List.of(new ReversedWriteBufferLimits(), new DefaultEofReceivedKeepsOpen(),
            new CreateConnectionReturnsBeforeConnectionMade());

    BrokenAsyncio(String rule, String change) {
        super(rule, change);
    }

    @Override
    Driver driver(Timeouts timeouts) {
        String python = System.getenv().getOrDefault("TCK_PYTHON", BundledPythonDriver.DEFAULT_PYTHON);
        List<String> driverCommand = BundledPythonDriver.command(python, "asyncio");
        List<String> command = new ArrayList<>(List.of(python, patcher().toString(), breaks()));
        command.addAll(driverCommand.subList(1, driverCommand.size()));
        try {
            return new ProcessDriver(command, timeouts);
        } catch (IllegalArgumentException e) {
            throw new TestAbortedException("no Python to run " + name() + " with: " + e.getMessage(), e);
        }
    }

    /** The TCK's own: the driver passes megabytes through JSON lines, which takes asyncio seconds. */
    @Override
    Duration arrivalTimeout() {
        return Timeouts.DEFAULT_ARRIVAL;
    }

    /**
     * asyncio's own known failures (`drivers/python/known-failures-asyncio.txt`): the stream scenarios
     * include one where asyncio itself diverges (SP-10), which is not the change made here.
     */
    @Override
    KnownFailures knownFailures(RuleCatalog catalog) {
        return KnownFailures.read(Path.of("..", "drivers", "python", "known-failures-asyncio.txt"), catalog);
    }

    /** The stream scenarios, as for the in-process changes to stream transports. */
    @Override
    String selection() {
        return "@tcp and not @tls and not @accepted";
    }

    private static synchronized Path patcher() {
        try (InputStream in = BrokenAsyncio.class.getClassLoader().getResourceAsStream(PATCHER)) {
            if (in == null) {
                throw new IllegalStateException(PATCHER + " is not on the test class path");
            }
            Path file = Path.of("target", "broken_asyncio.py").toAbsolutePath();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + PATCHER, e);
        }
    }

    /** WT-6: get_write_buffer_limits() returns (high, low). */
    static final class ReversedWriteBufferLimits extends BrokenAsyncio {
        ReversedWriteBufferLimits() {
            super("WT-6", "asyncio's get_write_buffer_limits() returns (high, low)");
            alsoBreaks("WT-7's and WT-9's scenarios read the limits back", Set.of("WT-7", "WT-9"));
        }
    }

    /** SP-6: the default eof_received() keeps the connection open. */
    static final class DefaultEofReceivedKeepsOpen extends BrokenAsyncio {
        DefaultEofReceivedKeepsOpen() {
            super("SP-6", "asyncio.Protocol's default eof_received() returns True");
            alsoBreaks("every scenario that ends on the peer's end of stream keeps the default eof_received() and waits for connection_lost()",
                    Set.of("CB-2", "CB-4", "CB-5", "EX-1", "SP-1", "SP-12", "PR-5"));
        }
    }

    /**
     * CB-11: create_connection() returns before connection_made(), seen through the Python driver: its
     * reply comes before the connection_made event on the wire.
     */
    static final class CreateConnectionReturnsBeforeConnectionMade extends BrokenAsyncio {
        CreateConnectionReturnsBeforeConnectionMade() {
            super("CB-11", "asyncio's create_connection() returns before connection_made(), which comes ten loop iterations later");
        }
    }
}
