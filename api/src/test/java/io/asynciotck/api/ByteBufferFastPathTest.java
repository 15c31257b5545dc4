package io.asynciotck.api;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.WriteTransport;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional ByteBuffer methods' defaults: what an implementation or a protocol that ignores them gets. */
class ByteBufferFastPathTest {

    @Test
    void dataReceivedOfABufferGivesAProtocolThatTakesArraysACopyOfTheRemainingBytes() {
        List<byte[]> received = new ArrayList<>();
        Protocol<StreamTransport> protocol = new Protocol<>() {
            @Override
            public void dataReceived(byte[] data) {
                received.add(data);
            }
        };
        ByteBuffer lent = ByteBuffer.allocateDirect(16).put(new byte[] {9, 1, 2, 3, 9}).flip().position(1).limit(4);
        protocol.dataReceived(lent);
        lent.clear().put(new byte[16]); // the implementation reuses its buffer
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).containsExactly(1, 2, 3);
    }

    @Test
    void writeOfABufferTakesItsBytesAndHandsAnArrayOfTheirOwnToWrite() {
        List<byte[]> written = new ArrayList<>();
        WriteTransport transport = (WriteTransport) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WriteTransport.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("write")) {
                        written.add((byte[]) args[0]);
                    }
                    return null;
                });
        byte[] backing = {7, 8, 9, 10};
        ByteBuffer data = ByteBuffer.wrap(backing, 1, 2);
        transport.write(data);
        assertThat(data.hasRemaining()).isFalse();
        backing[1] = 0;
        assertThat(written).hasSize(1);
        assertThat(written.get(0)).containsExactly(8, 9);
    }
}
