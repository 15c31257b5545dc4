package io.asynciotck.api.transport;

/**
 * A transport to a child process and the pipes to its standard streams.
 *
 * <p>Once the protocol's {@code connectionLost} has been called, the child has been reaped and its pid
 * may belong to another process: {@link #kill()}, {@link #terminate()} and {@link #sendSignal(int)} then
 * signal nothing and throw, as asyncio raises {@code ProcessLookupError} (an {@code OSError}); since they
 * declare no checked exception, the exception is an {@link java.io.UncheckedIOException} whose cause is
 * an {@link java.io.IOException} (RULES.md, stance S-19). Between the child's exit and
 * {@code connectionLost} it is implementation-specific whether they throw or do nothing, as in asyncio.
 */
public interface SubprocessTransport extends BaseTransport {

    /** Spec: "Return the subprocess process id as an integer." */
    long getPid();

    /**
     * Spec: "Return the transport for the communication pipe corresponding to the integer file
     * descriptor fd." 0 is the child's stdin: a {@link WriteTransport} for the parent (the spec calls
     * it "readable", from the child's side); 1 and 2 are stdout and stderr: {@link ReadTransport}s for
     * the parent. Null when that stream was not created as a pipe, and for any other fd.
     */
    BaseTransport getPipeTransport(int fd);

    /**
     * Spec: "Return the subprocess returncode as an integer or None if it hasn't returned, similarly
     * to the subprocess.Popen.returncode attribute": the exit status, or minus the signal number when
     * the child was killed by a signal.
     */
    Integer getReturncode();

    /**
     * Spec: "Kill the subprocess, as in subprocess.Popen.kill()": SIGKILL on POSIX.
     *
     * @throws java.io.UncheckedIOException once {@code connectionLost} was called (see the class comment)
     */
    void kill();

    /**
     * Spec: "Send the signal number to the subprocess, as in subprocess.Popen.send_signal()." Any
     * signal number; a child that traps it sees it.
     *
     * @throws java.io.UncheckedIOException once {@code connectionLost} was called (see the class comment)
     */
    void sendSignal(int signal);

    /**
     * Spec: "Ask the subprocess to stop, as in subprocess.Popen.terminate()": SIGTERM on POSIX. (The
     * spec also calls it "an alias for the close() method"; it is not: see {@link #close()}.)
     *
     * @throws java.io.UncheckedIOException once {@code connectionLost} was called (see the class comment)
     */
    void terminate();

    /**
     * Spec: "Ask the subprocess to stop by calling the terminate() method if the subprocess hasn't
     * returned yet, and close transports of all pipes (stdin, stdout and stderr)."
     *
     * <p>The spec contradicts itself (terminate() is also called "an alias for close()"), and asyncio
     * does neither: its close() closes the pipe transports and then KILLS (SIGKILL) a child that is
     * still running, so the return code is then -9. The protocol then gets {@code pipe_connection_lost}
     * for each pipe, {@code process_exited} and {@code connection_lost}, the last never before the
     * protocol's callback that called {@code close()} has returned (RULES.md, stance S-21).
     */
    @Override
    void close();
}
