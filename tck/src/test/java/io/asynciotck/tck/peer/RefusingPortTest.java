package io.asynciotck.tck.peer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefusingPortTest {

    @Test
    void aConnectionToTheHeldPortIsRefused() throws IOException {
        try (RefusingPort port = RefusingPort.open(); Socket client = new Socket()) {
            assertThatThrownBy(() -> client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void noOtherSocketCanListenOnTheHeldPort() throws IOException {
        try (RefusingPort port = RefusingPort.open(); ServerSocket other = new ServerSocket()) {
            other.setReuseAddress(false);
            assertThatThrownBy(() -> other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port())))
                    .isInstanceOf(BindException.class);
        }
    }
}
