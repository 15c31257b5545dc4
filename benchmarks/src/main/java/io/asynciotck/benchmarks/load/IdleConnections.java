package io.asynciotck.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's heap per idle connection: its heap after full collections with K open connections, each
 * of which has echoed one byte (so that the server has accepted it and made its protocol), less its heap
 * before, divided by K.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    /** @return bytes of heap per connection, or -1 where the server does not report its heap */
    public static double heapPerConnection(ServerProcess server, int connections) throws IOException {
        long before = server.heap();
        if (before < 0) {
            return -1;
        }
        List<SocketChannel> open = new ArrayList<>(connections);
        try {
            ByteBuffer one = ByteBuffer.allocate(1);
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                open.add(channel);
                one.clear().put((byte) 1).flip();
                channel.write(one);
                one.clear();
                if (channel.read(one) != 1) {
                    throw new IOException(server.contender().name() + " did not echo on idle connection " + i);
                }
            }
            long after = server.heap();
            return (double) (after - before) / connections;
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
    }
}
