package io.asynciotck.tck.peer;

import io.asynciotck.tck.events.EventLog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCK's independent listening peer: a plain blocking {@link ServerSocket} of the JDK on
 * {@code 127.0.0.1} and a free port, for the implementation's client connections. Never the
 * implementation under test. Closing it closes the sockets it accepted too.
 */
public final class PeerListener implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final ServerSocket serverSocket;
    private final EventLog log;
    private final List<PeerSocket> accepted = new ArrayList<>();

    private PeerListener(ServerSocket serverSocket, EventLog log) {
        this.serverSocket = serverSocket;
        this.log = log;
    }

    /**
     * Listens on {@code 127.0.0.1}, on a free port.
     *
     * @param receiveBufferSize SO_RCVBUF of the accepted sockets, in bytes; 0 for the OS default. It is
     *                          set on the listening socket before it binds, so that the accepted sockets
     *                          inherit it (a window above 64 KiB must be negotiated at the handshake)
     * @param log               the scenario's log: failures name its rules and show its callbacks
     */
    public static PeerListener open(int receiveBufferSize, EventLog log) {
        ServerSocket serverSocket = null;
        try {
            serverSocket = new ServerSocket();
            if (receiveBufferSize > 0) {
                serverSocket.setReceiveBufferSize(receiveBufferSize);
            }
            serverSocket.bind(new InetSocketAddress(HOST, 0));
            return new PeerListener(serverSocket, log);
        } catch (IOException e) {
            PeerSocket.closeQuietly(serverSocket);
            AssertionError failure = log.failure("The TCK's peer could not listen on " + HOST + ": " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * Accepts the next connection, waiting at most the arrival timeout.
     *
     * @throws AssertionError (from {@link EventLog#failure}) when no connection arrives in time
     */
    public PeerSocket accept() {
        long millis = log.timeouts().arrival().toMillis();
        try {
            serverSocket.setSoTimeout((int) Math.max(1, millis));
            Socket socket = serverSocket.accept();
            PeerSocket peer = new PeerSocket(socket, log);
            synchronized (accepted) {
                accepted.add(peer);
            }
            return peer;
        } catch (SocketTimeoutException e) {
            throw log.failure("The TCK's peer listening on " + HOST + ":" + port() + " accepted no connection within "
                    + millis + " ms");
        } catch (IOException e) {
            AssertionError failure = log.failure("The TCK's peer listening on " + HOST + ":" + port()
                    + " could not accept: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    /** Stops listening and closes every socket accepted. Idempotent. */
    @Override
    public void close() {
        PeerSocket.closeQuietly(serverSocket);
        List<PeerSocket> sockets;
        synchronized (accepted) {
            sockets = List.copyOf(accepted);
        }
        sockets.forEach(PeerSocket::close);
    }
}
