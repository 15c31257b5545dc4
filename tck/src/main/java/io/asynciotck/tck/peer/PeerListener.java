package io.asynciotck.tck.peer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.WaitTimeout;

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
    /** For TLS: the connections the acceptor thread has accepted and made the handshake with, or its failures. */
    private final BlockingQueue<Object> handshaken = new LinkedBlockingQueue<>();
    private Thread acceptor;

    private PeerListener(ServerSocket serverSocket, EventLog log) {
        this.serverSocket = serverSocket;
        this.log = log;
    }

    /**
     * Listens on {@code 127.0.0.1}, on a free port, for TLS. The implementation's handshake needs the
     * server's answer before anyone calls {@link #accept()}, so a daemon thread {@code peer-tls-acceptor}
     * accepts each connection and makes the handshake (bounded by the arrival timeout) at once;
     * {@link #accept()} then takes the next connection it made. A handshake that fails (the scenario may
     * want it to) closes that connection.
     *
     * @param context           the server's certificate, and the trust for client certificates
     * @param needClientAuth    whether the client must present a certificate
     * @param protocol          the one protocol version to allow, or null for the JDK's defaults
     */
    public static PeerListener openTls(int receiveBufferSize, SSLContext context, boolean needClientAuth,
                                       String protocol, EventLog log) {
        PeerListener listener = open(receiveBufferSize, log);
        listener.acceptor = new Thread(() -> listener.acceptTls(context, needClientAuth, protocol), "peer-tls-acceptor");
        listener.acceptor.setDaemon(true);
        listener.acceptor.start();
        return listener;
    }

    /**
     * Listens on {@code 127.0.0.1}, on a free port, and answers every connection at once, from a
     * daemon thread, with {@code reply}, then closes it: a peer that does not speak the protocol the
     * implementation expects (plain text to a TLS client). {@link #accept()} is not for such a listener.
     */
    public static PeerListener openAnswering(byte[] reply, EventLog log) {
        PeerListener listener = open(0, log);
        listener.acceptor = new Thread(() -> listener.answer(reply), "peer-answering-acceptor");
        listener.acceptor.setDaemon(true);
        listener.acceptor.start();
        return listener;
    }

    private void answer(byte[] reply) {
        while (!serverSocket.isClosed()) {
            try (Socket socket = serverSocket.accept()) {
                socket.getOutputStream().write(reply);
                socket.shutdownOutput();
                socket.setSoTimeout((int) Math.max(1, log.timeouts().arrival().toMillis()));
                socket.getInputStream().readAllBytes(); // until the implementation gives up on it
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void acceptTls(SSLContext context, boolean needClientAuth, String protocol) {
        while (!serverSocket.isClosed()) {
            Socket plain;
            try {
                plain = serverSocket.accept();
            } catch (IOException closed) {
                return;
            }
            Patience patience = log.timeouts().patienceForArrival();
            try {
                plain.setSoTimeout(timeoutMillis(patience.remainingNanos()));
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                if (protocol != null) {
                    parameters.setProtocols(new String[] {protocol});
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                handshaken.add(new PeerSocket(tls, plain, log));
            } catch (SocketTimeoutException e) {
                PeerSocket.closeQuietly(plain);
                handshaken.add(log.timedOut(patience, "the TLS handshake of a connection the TCK's TLS peer listening on "
                        + HOST + ":" + port() + " accepted"));
            } catch (IOException | RuntimeException e) {
                PeerSocket.closeQuietly(plain);
                handshaken.add(e);
            }
        }
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
     * @throws AssertionError (from {@link EventLog#failure}) when accepting fails; a {@link WaitTimeout}
     *                        when no connection arrives in time
     */
    public PeerSocket accept() {
        Patience patience = log.timeouts().patienceForArrival();
        if (acceptor != null) {
            return acceptHandshaken(patience);
        }
        try {
            Socket socket = acceptWithin(patience);
            if (socket == null) {
                throw log.timedOut(patience, "a connection to the TCK's peer listening on " + HOST + ":" + port());
            }
            PeerSocket peer = new PeerSocket(socket, log);
            synchronized (accepted) {
                accepted.add(peer);
            }
            return peer;
        } catch (IOException e) {
            AssertionError failure = log.failure("The TCK's peer listening on " + HOST + ":" + port()
                    + " could not accept: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    /** The next connection, or null when none comes within {@code patience}. */
    private Socket acceptWithin(Patience patience) throws IOException {
        while (true) {
            long left = patience.remainingNanos();
            if (left <= 0) {
                return null;
            }
            serverSocket.setSoTimeout(timeoutMillis(left));
            try {
                return serverSocket.accept();
            } catch (SocketTimeoutException e) {
                // patience may have grown meanwhile (time given back): look again
            }
        }
    }

    private PeerSocket acceptHandshaken(Patience patience) {
        Object next = null;
        try {
            for (long left; next == null && (left = patience.remainingNanos()) > 0; ) {
                next = handshaken.poll(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw log.failure("interrupted while waiting for a TLS connection to the TCK's peer");
        }
        if (next == null) {
            throw log.timedOut(patience, "a connection to the TCK's TLS peer listening on " + HOST + ":" + port());
        }
        if (next instanceof WaitTimeout handshakeTimedOut) {
            throw handshakeTimedOut;
        }
        if (next instanceof Exception e) {
            AssertionError failure = log.failure("The TCK's TLS peer listening on " + HOST + ":" + port()
                    + " accepted a connection whose TLS handshake failed: " + e);
            failure.initCause(e);
            throw failure;
        }
        PeerSocket peer = (PeerSocket) next;
        synchronized (accepted) {
            accepted.add(peer);
        }
        return peer;
    }

    /** A socket timeout in milliseconds for {@code nanos}: at least 1, since 0 would mean forever. */
    private static int timeoutMillis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    /** Stops listening and closes every socket accepted. Idempotent. */
    @Override
    public void close() {
        PeerSocket.closeQuietly(serverSocket);
        if (acceptor != null) {
            try {
                acceptor.join(log.timeouts().arrival().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handshaken.stream().filter(PeerSocket.class::isInstance).map(PeerSocket.class::cast).forEach(PeerSocket::close);
        }
        List<PeerSocket> sockets;
        synchronized (accepted) {
            sockets = List.copyOf(accepted);
        }
        sockets.forEach(PeerSocket::close);
    }
}
