package io.asynciotck.tck.inprocess;

import io.asynciotck.api.protocol.SubprocessProtocol;
import io.asynciotck.api.transport.SubprocessTransport;
import io.asynciotck.tck.driver.Script;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The scripted recording protocol of subprocess transports (see {@link AbstractRecordingProtocol} for
 * what every callback does): {@code pipe_data_received(fd, data)} with fd as a {@link Long},
 * {@code pipe_connection_lost(fd, exc)} with the error or null, {@code process_exited()}. As in
 * PROTOCOL.md, the placeholders of reactions are not defined in these callbacks.
 *
 * <p>{@code connection_made} tells the session the child's pid first, so that the session can reap
 * a child the implementation leaves running.
 */
final class RecordingSubprocessProtocol extends AbstractRecordingProtocol implements SubprocessProtocol {

    private final LongConsumer started;

    /** @param started told the pid of the child at {@code connection_made} */
    RecordingSubprocessProtocol(Script script, Targets targets, CallbackRecorder recorder, LongConsumer started) {
        super(script, null, targets, recorder);
        this.started = started;
    }

    @Override
    public void connectionMade(SubprocessTransport transport) {
        try {
            started.accept(transport.getPid());
        } catch (RuntimeException ignored) {
            // a transport without a pid: nothing to reap; its connection_made is still recorded
        }
        made(transport);
    }

    @Override
    public void pipeDataReceived(int fd, byte[] data) {
        callback("pipe_data_received", Arrays.asList((long) fd, data), null, () -> null);
    }

    @Override
    public void pipeConnectionLost(int fd, Exception exc) {
        callback("pipe_connection_lost", Arrays.asList((long) fd, exc == null ? null : Errors.of(exc)), null,
                () -> null);
    }

    @Override
    public void processExited() {
        callback("process_exited", List.of(), null, () -> null);
    }
}
