package io.asynciotck.tck.cli;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.driver.Driver;
import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.events.Heartbeat;
import io.asynciotck.tck.harness.UnresponsiveGuard;
import io.asynciotck.tck.inprocess.InProcessDriver;
import io.asynciotck.tck.outofprocess.ProcessDriver;
import io.asynciotck.tck.runner.ConfigurationException;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.TckRun;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The JVM that runs the scenarios, with the implementation in it (or its driver's processes beneath it):
 * started by {@link ForkedRun} as {@code TckWorker OPTIONS_FOLDER}. It loads the implementation, prints
 * the run's header and each feature's progress, records the run ({@link TckRun#execute()}), closes the
 * implementation and every process it left, and tells how far it got through the {@link Handshake}. It
 * judges nothing: the JVM that started it does, from the record, so that an implementation that ends this
 * JVM (or its threads) can only make the run fail.
 *
 * <p>It ends with {@link Runtime#halt}: nothing the implementation left (a thread, a shutdown hook) can
 * keep it alive or change how it ends.
 */
public final class TckWorker {

    private TckWorker() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(new Handshake(Path.of(args[0])), System.out);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    static int run(Handshake handshake, PrintStream out) throws IOException {
        Heartbeat.start();
        ProcessTree processes = new ProcessTree();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.killAll(null), "tck-worker-cleanup"));
        RunOptions options = RunOptions.readFrom(handshake.options());
        try {
            return execute(options, handshake, out, processes);
        } catch (ConfigurationException e) {
            handshake.failed(new Handshake.Failed(2, e.getMessage()));
            return 2;
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            handshake.failed(new Handshake.Failed(1, "internal error: " + trace));
            return 1;
        } finally {
            processes.killAll(null);
        }
    }

    private static int execute(RunOptions options, Handshake handshake, PrintStream out, ProcessTree processes)
            throws IOException {
        try (URLClassLoader loader = implementationLoader(options.implJars())) {
            RuleCatalog catalog = RuleCatalog.load(loader, RuleCatalog.BUNDLED_RESOURCE);
            KnownFailures known = options.knownFailures() == null ? KnownFailures.none()
                    : KnownFailures.read(options.knownFailures(), catalog);
            Driver driver = options.driverCommand() == null ? loadDriver(options, loader) : startDriver(options);
            List<String> runErrors = new ArrayList<>();
            TckRun.Execution execution;
            try {
                Path reportDirectory = options.reports().resolve(driver.implementationName()).toAbsolutePath();
                handshake.started(new Handshake.Started(driver.implementationName(), driver.description(), driver.runtime(),
                        reportDirectory));
                header(out, driver, options);
                TckRun run = TckRun.builder().catalog(catalog).featureDirectories(options.features()).classLoader(loader)
                        .knownFailures(known.forRuntime(driver.runtime())).tagExpression(options.selection()).iterations(options.repeat())
                        .reportDirectory(reportDirectory).implementationName(driver.implementationName()).out(out).build();
                RunContext context = new RunContext(driver, options.timeouts(), new UnresponsiveGuard(options.unresponsiveLimit()));
                RunContext previous = RunContext.install(context);
                try {
                    execution = run.execute();
                } finally {
                    RunContext.install(previous);
                }
                runErrors.addAll(execution.runErrors());
            } finally {
                try {
                    driver.close();
                } catch (DriverException e) {
                    runErrors.add("closing the implementation's sessions after the run: " + e.getMessage());
                }
            }
            List<String> left = processes.killAll(null);
            if (!left.isEmpty()) {
                System.err.println("tck: warning: killed processes left running after the implementation was closed: " + left);
            }
            handshake.finished(new Handshake.Finished(execution.discovery(), runErrors));
            return 0;
        }
    }

    private static Driver loadDriver(RunOptions options, ClassLoader loader) {
        try {
            return InProcessDriver.load(options.impl(), loader, options.timeouts(), new HashSet<>(options.providerClasses()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException((options.implJars().isEmpty() ? "--impl: " : "--impl-jar: ") + e.getMessage(), e);
        }
    }

    /** Starts the driver's first child, for its hello: a child that fails is a configuration error. */
    private static Driver startDriver(RunOptions options) {
        try {
            return new ProcessDriver(options.driverCommand(), options.timeouts());
        } catch (IllegalArgumentException | DriverException e) {
            throw new ConfigurationException("--driver: " + e.getMessage() + TckCommand.driverHint(options.driverCommand()), e);
        }
    }

    /** The vendor's jars, with the TCK (and the bundled reference implementation) as parent. */
    private static URLClassLoader implementationLoader(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigurationException("--impl-jar: not a usable path: " + jar, e);
            }
        }
        return new URLClassLoader("tck-implementation", urls.toArray(URL[]::new), TckWorker.class.getClassLoader());
    }

    private static void header(PrintStream out, Driver driver, RunOptions options) {
        out.println(new VersionProvider().getVersion()[0]);
        String description = driver.description().equals(driver.implementationName()) ? "" : ": " + driver.description();
        out.println("Implementation: " + driver.implementationName() + description + " (capabilities: "
                + String.join(", ", driver.capabilities()) + ")");
        out.println("Timeouts: " + options.timeouts().describe());
        out.println("Selection: " + (options.selection() == null ? "all scenarios" : options.selection())
                + (options.repeat() > 1 ? ", " + options.repeat() + " times" : ""));
        out.println();
        out.flush();
    }
}
