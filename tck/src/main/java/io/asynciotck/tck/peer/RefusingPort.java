package io.asynciotck.tck.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A TCP port of the loopback interface where nothing listens, held for as long as this is open: a
 * socket is bound to it but never listens, so a connection attempt is refused (the kernel answers
 * with a reset) and no other socket can take the port meanwhile, as it could one that was bound and
 * closed at once.
 */
public final class RefusingPort implements AutoCloseable {

    private final Socket bound;

    private RefusingPort(Socket bound) {
        this.bound = bound;
    }

    /**
     * Binds a socket to a free port of the loopback interface.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static RefusingPort open() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new RefusingPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("The TCK could not bind a TCP socket to the loopback interface: " + e.getMessage(), e);
        }
    }

    public int port() {
        return bound.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        bound.close();
    }
}
