package io.asynciotck.tck.inprocess;

import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.tck.driver.Script;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Collections;

/**
 * The scripted recording protocol of datagram endpoints (see {@link AbstractRecordingProtocol} for what
 * every callback does). {@code datagram_received(data, addr)} is recorded with the address as a
 * neutral value ({@link NeutralValues#of}); its reactions get the data and the address itself, as the
 * implementation passed it, for {@code RECEIVED_DATA} and {@code RECEIVED_ADDRESS}.
 * {@code error_received(exc)} is recorded with the error.
 */
final class RecordingDatagramProtocol extends AbstractRecordingProtocol implements DatagramProtocol {

    RecordingDatagramProtocol(Script script, Targets targets, CallbackRecorder recorder) {
        super(script, null, targets, recorder);
    }

    @Override
    public void connectionMade(DatagramTransport transport) {
        made(transport);
    }

    @Override
    public void datagramReceived(byte[] data, SocketAddress addr) {
        callback("datagram_received", Arrays.asList(data, NeutralValues.of(addr)),
                new TransportCalls.Received(data, addr), () -> null);
    }

    @Override
    public void errorReceived(IOException exc) {
        callback("error_received", Collections.singletonList(exc == null ? null : Errors.of(exc)), null, () -> null);
    }
}
