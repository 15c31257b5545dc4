package io.asynciotck.tck.inprocess;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.tck.driver.Script;

import java.util.Collections;
import java.util.List;

/**
 * The scripted recording protocol of stream connections, client and accepted alike (see
 * {@link AbstractRecordingProtocol} for what every callback does).
 *
 * <p>{@code eof_received} returns {@link Script#eofReturns()} when the script sets it, and otherwise
 * runs {@link Protocol}'s default implementation: that default is itself under test.
 */
final class RecordingProtocol extends AbstractRecordingProtocol implements Protocol<BaseTransport> {

    /**
     * @param origin the id of the server that accepted the connection, or null for a client connection
     */
    RecordingProtocol(Script script, String origin, Targets targets, CallbackRecorder recorder) {
        super(script, origin, targets, recorder);
    }

    @Override
    public void connectionMade(BaseTransport transport) {
        made(transport);
    }

    @Override
    public void dataReceived(byte[] data) {
        callback("data_received", Collections.singletonList(data), new TransportCalls.Received(data, null), () -> null);
    }

    @Override
    public boolean eofReceived() {
        return (Boolean) callback("eof_received", List.of(), null,
                () -> script().eofReturns() != null ? script().eofReturns() : Protocol.super.eofReceived());
    }
}
