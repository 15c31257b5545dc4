package io.asynciotck.api.loop;

/** How a child's standard stream is connected (asyncio's {@code subprocess.PIPE}, {@code DEVNULL}, {@code STDOUT}, None). */
public enum Stdio {
    /** A pipe to the parent, served by a pipe transport. */
    PIPE,
    /** Inherited from the parent. */
    INHERIT,
    /** Redirected to /dev/null. */
    DEVNULL,
    /** For stderr only: redirected to the child's stdout. */
    STDOUT
}
