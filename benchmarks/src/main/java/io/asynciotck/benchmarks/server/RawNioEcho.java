package io.asynciotck.benchmarks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The limit for one Java thread: a bare selector loop with one direct buffer, no protocol, no callbacks,
 * no flow-control accounting. It reads into the shared buffer and writes it straight back; only what the
 * socket does not take is kept, in a direct buffer of the connection's own, and reading that connection
 * stops until it is written.
 */
final class RawNioEcho implements EchoServer.Echo {

    private static final int BUFFER_SIZE = 256 * 1024;

    private Selector selector;
    private ServerSocketChannel listener;
    private Thread thread;
    private volatile boolean stopping;

    @Override
    public int start() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::run, "raw-nio-loop");
        thread.start();
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    @Override
    public void stop() throws Exception {
        stopping = true;
        selector.wakeup();
        thread.join(10_000);
    }

    private void run() {
        ByteBuffer shared = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            while (!stopping) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else if (key.isWritable()) {
                            writePending(key);
                        } else if (key.isReadable()) {
                            echo(key, shared);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        key.channel().close();
                    }
                }
                selector.selectedKeys().clear();
            }
            selector.close();
            listener.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ);
        }
    }

    private static void echo(SelectionKey key, ByteBuffer shared) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        shared.clear();
        int n = channel.read(shared);
        if (n < 0) {
            key.cancel();
            channel.close();
            return;
        }
        shared.flip();
        channel.write(shared);
        if (shared.hasRemaining()) {
            ByteBuffer pending = (ByteBuffer) key.attachment();
            if (pending == null) {
                pending = ByteBuffer.allocateDirect(BUFFER_SIZE);
                key.attach(pending);
            }
            pending.clear();
            pending.put(shared).flip();
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    private static void writePending(SelectionKey key) throws IOException {
        ByteBuffer pending = (ByteBuffer) key.attachment();
        ((SocketChannel) key.channel()).write(pending);
        if (!pending.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
