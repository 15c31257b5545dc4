package io.asynciotck.tck.cli;

import io.asynciotck.tck.runner.ConfigurationException;
import io.asynciotck.tck.runner.ConsoleSummary;
import io.asynciotck.tck.runner.Discovery;
import io.asynciotck.tck.runner.KnownFailures;
import io.asynciotck.tck.runner.MatrixReport;
import io.asynciotck.tck.runner.RuleCatalog;
import io.asynciotck.tck.runner.RulesFile;
import io.asynciotck.tck.runner.RunRecord;
import io.asynciotck.tck.runner.RunReports;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.ScenarioTracker;
import io.asynciotck.tck.runner.TckRun;
import io.asynciotck.tck.runner.Verdict;
import io.asynciotck.tck.site.SpecSite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run as the command line makes it: the scenarios run in a JVM of their own ({@link TckWorker}), with the
 * implementation; this JVM relays its console, watches it, and when it ends judges what it recorded and
 * writes the reports and the verdict. However that JVM ends — its run finished, the implementation called
 * {@code System.exit} or {@code Runtime.halt}, killed the TCK's threads, wedged it so that nothing moved
 * for the stall limit, or this JVM received SIGINT or SIGTERM — the verdict comes from here, the reports
 * are whole files, and no process of the run is left running. The worker's exit status is never taken
 * for a verdict: a run that did not finish is a failed run, naming the scenario in progress.
 */
final class ForkedRun {

    private static final long POLL_MILLIS = 200;

    private final RunOptions options;
    private final RuleCatalog catalog;
    private final KnownFailures knownFailures;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration stallLimit;
    private final ProcessTree processes = new ProcessTree();
    private final Object judging = new Object();
    private Handshake handshake;
    private Process worker;
    private volatile String stopped;
    private boolean judged;
    private int exitCode = Verdict.FAILED;
    private RunResults results;

    /**
     * @param stallLimit how long the worker may go without recording anything (no step started or
     *                   finished) before it is stopped: the last resort against a wedged run
     */
    ForkedRun(RunOptions options, RuleCatalog catalog, KnownFailures knownFailures, PrintStream out, PrintStream err,
              Duration stallLimit) {
        this.options = options;
        this.catalog = catalog;
        this.knownFailures = knownFailures;
        this.out = out;
        this.err = err;
        this.stallLimit = stallLimit;
    }

    /** Runs, judges, reports; returns the exit code. */
    int run() throws IOException {
        Path folder = Files.createTempDirectory("tck-run-");
        handshake = new Handshake(folder);
        options.writeTo(handshake.options());
        Thread onSignal = new Thread(this::interrupted, "tck-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            worker = start(folder);
            List<Thread> relays = List.of(relay(worker.getInputStream(), out, "tck-worker-out"),
                    relay(worker.getErrorStream(), err, "tck-worker-err"));
            watch();
            for (Thread relay : relays) {
                relay.join(TimeUnit.SECONDS.toMillis(5));
            }
            return judge(stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return judge("the TCK was interrupted");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it judged
            }
            deleteQuietly(folder);
        }
    }

    /**
     * The memory of the JVM that runs the scenarios against an implementation in it, unless the TCK's own
     * JVM was given a heap size: a bounded heap, whatever the machine's default (a quarter of its memory),
     * and the serial collector, whose footprint is the smallest. The scenarios never hold more than a
     * transfer's window of data.
     */
    static final List<String> WORKER_MEMORY = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=64m");

    /**
     * The same through a driver, with a larger heap: a write of tens of megabytes crosses the line
     * protocol as one base64 JSON line, and a few copies of it exist at once while it is encoded.
     */
    static final List<String> DRIVER_WORKER_MEMORY = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=64m");

    private Process start(Path folder) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> !argument.startsWith("-agentlib:jdwp") && !argument.startsWith("-Xrunjdwp")
                        && !argument.startsWith("-Xdebug"))
                .toList();
        if (inherited.stream().noneMatch(argument -> argument.startsWith("-Xmx") || argument.startsWith("-XX:MaxRAM"))) {
            command.addAll(options.driverCommand() == null ? WORKER_MEMORY : DRIVER_WORKER_MEMORY);
        }
        command.addAll(inherited);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TckWorker.class.getName());
        command.add(folder.toString());
        return new ProcessBuilder(command).start();
    }

    /** Copies the worker's output as it comes. */
    private static Thread relay(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int read;
                while ((read = from.read(buffer)) >= 0) {
                    synchronized (to) {
                        to.write(buffer, 0, read);
                        to.flush();
                    }
                }
            } catch (IOException ignored) {
                // the worker is gone
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits for the worker to end, noting its processes as they come and stopping it when its record has
     * not grown for the stall limit.
     */
    private void watch() throws InterruptedException, IOException {
        long lastSize = -1;
        long lastChange = System.nanoTime();
        while (!worker.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            processes.remember();
            processes.reapAdopted(worker.toHandle());
            long size = recordSize();
            if (size != lastSize) {
                lastSize = size;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stallLimit.toNanos()) {
                stopped = "The TCK stopped the run: nothing was recorded for " + stallLimit.toSeconds()
                        + " s (no step started or finished), so the run was wedged";
                processes.killAll(null);
                worker.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** How much the worker has recorded so far, to tell a run that moves from a wedged one. */
    private long recordSize() throws IOException {
        Optional<Handshake.Started> started = handshake.started();
        if (started.isEmpty()) {
            return 0;
        }
        long size = 0;
        try (Stream<Path> files = Files.walk(started.get().reportDirectory(), 2)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(io.asynciotck.tck.runner.MessageFile.NAME)).toList()) {
                size += Files.size(file);
            }
        } catch (IOException | UncheckedIOException e) {
            return size;
        }
        return size;
    }

    /** The shutdown hook: on SIGINT or SIGTERM, stops the worker and judges what ran. */
    private void interrupted() {
        synchronized (judging) {
            if (judged) {
                return;
            }
        }
        judge("The run was interrupted: the TCK received a signal to stop");
    }

    /**
     * Kills whatever of the run is left, then judges the record; {@code interruption} says why the run
     * ended early, if it did (else the worker's own end says).
     */
    private int judge(String interruption) {
        synchronized (judging) {
            if (judged) {
                return exitCode;
            }
            judged = true;
            List<String> left = processes.killAll(null);
            try {
                exitCode = judgeRecord(interruption, left);
            } catch (IOException | UncheckedIOException e) {
                err.println("tck: cannot read the run's record: " + e.getMessage());
                exitCode = Verdict.FAILED;
            } catch (ConfigurationException e) {
                err.println("tck: " + e.getMessage());
                exitCode = Verdict.USAGE_ERROR;
            }
            out.flush();
            err.flush();
            return exitCode;
        }
    }

    private int judgeRecord(String interruption, List<String> left) throws IOException {
        Optional<Handshake.Failed> failed = handshake.failed();
        if (failed.isPresent()) {
            err.println("tck: " + failed.get().message());
            if (failed.get().exitCode() == Verdict.USAGE_ERROR) {
                err.println(TckMain.USAGE_HINT);
            }
            return failed.get().exitCode();
        }
        Integer status = worker == null || worker.isAlive() ? null : worker.exitValue();
        Optional<Handshake.Started> started = handshake.started();
        if (started.isEmpty()) {
            String why = interruption != null ? interruption
                    : "the TCK's JVM ended" + (status == null ? "" : " with exit status " + status)
                    + " before the run began (while loading the implementation)";
            out.println("Verdict: FAILED: " + why + " (exit code " + Verdict.FAILED + ")");
            return Verdict.FAILED;
        }
        Path reportDirectory = started.get().reportDirectory();
        TckRun run = TckRun.builder().catalog(catalog).knownFailures(knownFailures.forRuntime(started.get().runtime()))
                .tagExpression(options.selection())
                .iterations(options.repeat()).reportDirectory(reportDirectory)
                .implementationName(started.get().implementation()).build();
        RunRecord record = RunRecord.read(run.messageFiles());
        Optional<Handshake.Finished> finished = handshake.finished();
        List<String> runErrors = new ArrayList<>(finished.map(Handshake.Finished::runErrors).orElse(List.of()));
        if (finished.isEmpty()) {
            String why = endOf(record, interruption, status);
            runErrors.add(why);
            record = record.interrupted(why);
        }
        if (!left.isEmpty()) {
            err.println("tck: warning: killed processes of the run left running: " + left);
        }
        Discovery discovery = finished.map(Handshake.Finished::discovery).orElse(null);
        results = run.judge(record, discovery, runErrors);
        RunReports.write(reportDirectory, results, record);
        Path rulesFile = RulesFile.of(results, started.get().description(), Instant.now()).writeTo(reportDirectory);
        SpecSite site = SpecSite.load(options.reports(), ForkedRun.class.getClassLoader());
        Path index = site.writeTo(options.reports().resolve(SpecSite.FOLDER));
        Path matrix = MatrixReport.regenerate(options.reports(), catalog, site::linkFromReports);
        ConsoleSummary.print(results, out, List.of(reportDirectory, rulesFile, matrix, index));
        return results.verdict().exitCode();
    }

    /** The judged results, once {@link #run()} has returned; empty when the run never began. */
    Optional<RunResults> results() {
        synchronized (judging) {
            return Optional.ofNullable(results);
        }
    }

    /** Why a run that did not finish ended, naming the scenario and step in progress. */
    private static String endOf(RunRecord record, String interruption, Integer status) {
        Optional<ScenarioTracker.InProgress> inProgress = record.inProgress();
        String where = inProgress.map(s -> " during scenario \"" + s.displayName() + "\", at " + s.step())
                .orElse(record.finished() ? " after its last scenario, before it had closed the implementation"
                        : " between scenarios");
        if (interruption != null) {
            return interruption + where;
        }
        return "The TCK's JVM ended" + where + ", with exit status " + status + " and no verdict: the implementation ended it "
                + "(System.exit, Runtime.halt) or killed the TCK's threads";
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder
        }
    }
}
