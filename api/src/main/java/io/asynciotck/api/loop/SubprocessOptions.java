package io.asynciotck.api.loop;

import java.util.Map;
import java.util.Objects;

/**
 * How to start a child process: each standard stream, the environment additions and the working
 * directory (null for the parent's).
 */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Map<String, String> environment,
                                String workingDirectory) {

    public SubprocessOptions {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** All three streams piped, as asyncio's defaults for {@code subprocess_exec}. */
    public static SubprocessOptions pipes() {
        return new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, Map.of(), null);
    }
}
