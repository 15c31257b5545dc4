package io.asynciotck.api.protocol;

import io.asynciotck.api.transport.SubprocessTransport;

/**
 * Spec: "The base class for implementing protocols communicating with child processes (through a set
 * of unidirectional pipes)."
 */
public interface SubprocessProtocol extends BaseProtocol<SubprocessTransport> {

    /**
     * Spec: "Called when the child process writes data into its stdout or stderr pipe. fd is the
     * integer file descriptor of the pipe. data is a non-empty bytes object containing the data."
     */
    default void pipeDataReceived(int fd, byte[] data) {
    }

    /**
     * Spec: "Called when one of the pipes communicating with the child process is closed. fd is the
     * integer file descriptor that was closed."
     */
    default void pipeConnectionLost(int fd, Exception exc) {
    }

    /** Spec: "Called when the child process has exited." */
    default void processExited() {
    }
}
