package io.asynciotck.tck.cli;

import io.asynciotck.tck.runner.ConfigurationException;
import io.asynciotck.tck.runner.RunResults;
import io.asynciotck.tck.runner.Verdict;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code java -jar tck.jar}: parses the command line, runs {@link TckCommand}, and exits with its code
 * (see {@link Verdict}). The scenarios run in a JVM of their own ({@link ForkedRun}); this one makes itself
 * the subreaper of the processes beneath it ({@link ProcessTree}), so that none is left behind.
 */
public final class TckMain {

    static final String USAGE_HINT = "Try 'java -jar tck.jar --help' for usage.";

    private TckMain() {
    }

    public static void main(String[] args) {
        ProcessTree.becomeSubreaper();
        System.exit(execute(args, System.out, System.err, System::getProperty, System::getenv));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param properties  system property lookup (for {@code tck.timeout}, {@code tck.quiet})
     * @param environment environment variable lookup (for {@code TCK_TIMEOUT}, {@code TCK_QUIET})
     * @return the exit code
     */
    static int execute(String[] args, PrintStream out, PrintStream err,
                       Function<String, String> properties, Function<String, String> environment) {
        return launch(args, out, err, properties, environment).exitCode();
    }

    /**
     * What a run from inside another program ended with: the exit code the command line would have
     * exited with, and the judged results when the run began (none for a bad configuration).
     */
    public record Outcome(int exitCode, Optional<RunResults> results) {
    }

    /**
     * Runs the command line in this JVM as {@code java -jar tck.jar} would, without exiting: the scenarios
     * in a JVM of their own, judged here, the reports written. System properties and environment variables
     * apply as on the command line. For the JUnit entry point ({@code io.asynciotck.tck.junit}).
     *
     * <p>Unlike {@link #main}, it does not make this JVM the subreaper of its descendants: this JVM is the
     * host's (a build's test JVM), and as a subreaper it would adopt, and leave unreaped, the orphans of
     * everything else the host runs. The processes of the run are still noted as they come and killed at
     * its end; only a process orphaned by the scenarios' JVM between two notes can escape to init.
     */
    public static Outcome launch(String[] args, PrintStream out, PrintStream err) {
        return launch(args, out, err, System::getProperty, System::getenv);
    }

    private static Outcome launch(String[] args, PrintStream out, PrintStream err,
                                  Function<String, String> properties, Function<String, String> environment) {
        TckCommand command = new TckCommand(out, err, properties, environment);
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, arguments) -> usageError(err, e.getMessage()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigurationException) {
                return usageError(err, e.getMessage());
            }
            err.println("tck: internal error: " + e);
            e.printStackTrace(err);
            return Verdict.FAILED;
        });
        int exitCode = cli.execute(args);
        return new Outcome(exitCode, command.results());
    }

    private static int usageError(PrintStream err, String message) {
        err.println("tck: " + message);
        err.println(USAGE_HINT);
        err.flush();
        return Verdict.USAGE_ERROR;
    }
}
