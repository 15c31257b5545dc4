package io.asynciotck.api.transport;

/** A transport to a child process and the pipes to its standard streams. */
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

    /** Spec: "Kill the subprocess, as in subprocess.Popen.kill()": SIGKILL on POSIX. */
    void kill();

    /** Spec: "Send the signal number to the subprocess, as in subprocess.Popen.send_signal()." */
    void sendSignal(int signal);

    /** Spec: "Ask the subprocess to stop, as in subprocess.Popen.terminate()": SIGTERM on POSIX. */
    void terminate();

    /**
     * Spec: "Ask the subprocess to stop by calling the terminate() method if the subprocess hasn't
     * returned yet, and close transports of all pipes (stdin, stdout and stderr)."
     */
    @Override
    void close();
}
