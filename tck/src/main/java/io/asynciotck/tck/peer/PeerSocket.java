package io.asynciotck.tck.peer;

import io.asynciotck.tck.driver.Bytes;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.events.WaitTimeout;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One end of a TCP connection held by the TCK's independent peer: a plain blocking {@link Socket} of
 * the JDK, never the implementation under test.
 *
 * <p>Every wait is bounded, by a {@link Patience} of the log's timeouts: a read of one chunk by the
 * arrival timeout; reads of many bytes and sends, which block when the implementation does not read, on
 * progress (as long as bytes keep moving, at most the arrival timeout without any); the check of
 * {@link #assertNoDataOrEofWithinQuietPeriod()} by the fixed quiet period. Every failure is an
 * {@link AssertionError} made by the log, so that it names the scenario's rules and shows the recorded
 * callbacks; a wait that runs out is a {@link WaitTimeout}.
 *
 * <p>Used from one thread at a time (the scenario's); {@link #close()} may come from any thread. A
 * send writes on a short-lived daemon thread {@code peer-writer-<port>}, so that it can be bounded;
 * that thread has ended when the send returns (or is unblocked by the close of a failed send).
 */
public final class PeerSocket implements StreamPeer {

    private static final int CHUNK = 64 * 1024;

    private final Socket socket;
    /** The TCP socket under a TLS socket (reset without close_notify); the socket itself otherwise. */
    private final Socket plain;
    private final EventLog log;
    private final Values.Address local;
    private final Values.Address remote;
    /** Set when the TCK closed this socket (a TLS socket also closes itself after a reset). */
    private volatile boolean closedByTck;
    private volatile long totalRead;
    private volatile long totalWritten;

    PeerSocket(Socket socket, EventLog log) {
        this(socket, socket, log);
    }

    PeerSocket(Socket socket, Socket plain, EventLog log) {
        this.socket = socket;
        this.plain = plain;
        this.log = log;
        this.local = new Values.Address(socket.getLocalAddress().getHostAddress(), socket.getLocalPort());
        this.remote = new Values.Address(socket.getInetAddress().getHostAddress(), socket.getPort());
    }

    /**
     * Connects to {@code host:port}, waiting at most the arrival timeout.
     *
     * @param receiveBufferSize SO_RCVBUF in bytes, set before connecting; 0 for the OS default
     */
    public static PeerSocket connect(String host, int port, int receiveBufferSize, EventLog log) {
        Socket socket = new Socket();
        Patience patience = log.timeouts().patienceForArrival();
        try {
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new InetSocketAddress(host, port), timeoutMillis(patience));
            return new PeerSocket(socket, log);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw log.timedOut(patience, "the TCK's peer to connect to " + host + ":" + port);
        } catch (IOException e) {
            closeQuietly(socket);
            throw failure(log, "The TCK's peer could not connect to " + host + ":" + port + ": " + e, e);
        }
    }

    /**
     * Connects to {@code host:port} and makes a TLS handshake as the client, waiting at most the arrival
     * timeout for each. The server's certificate must be valid for {@code host}.
     *
     * @param receiveBufferSize SO_RCVBUF in bytes, set before connecting; 0 for the OS default
     * @param context  the trust (and, for mutual TLS, the client certificate)
     * @param protocol the one protocol version to allow, or null for the JDK's defaults
     */
    public static PeerSocket connectTls(String host, int port, int receiveBufferSize, SSLContext context, String protocol,
                                        EventLog log) {
        Socket plain = new Socket();
        Patience patience = log.timeouts().patienceForArrival();
        try {
            if (receiveBufferSize > 0) {
                plain.setReceiveBufferSize(receiveBufferSize);
            }
            plain.connect(new InetSocketAddress(host, port), timeoutMillis(patience));
            plain.setSoTimeout(timeoutMillis(patience));
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (protocol != null) {
                parameters.setProtocols(new String[] {protocol});
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return new PeerSocket(tls, plain, log);
        } catch (SocketTimeoutException e) {
            closeQuietly(plain);
            throw log.timedOut(patience, "the TCK's TLS peer to connect to " + host + ":" + port
                    + " and make its handshake");
        } catch (IOException e) {
            closeQuietly(plain);
            throw failure(log, "The TCK's TLS peer could not connect to " + host + ":" + port + ": " + e, e);
        }
    }

    /**
     * Sends all of {@code data}, {@value BoundedWrite#CHUNK} bytes at a time, waiting on progress: as long
     * as the operating system keeps taking chunks, and at most the arrival timeout without one. When it
     * takes none in time (the implementation does not read and the windows are full), the socket is closed
     * and the send fails.
     */
    @Override
    public void send(byte[] data) {
        if (socket.isClosed()) {
            throw fail("cannot send " + Bytes.describe(data) + ": its socket is closed", null);
        }
        new BoundedWrite("peer-writer-" + local.port(), this::close, this::fail, this::timedOut, "send",
                "the peer's socket").run((chunk, offset, length) -> socket.getOutputStream().write(chunk, offset, length),
                data, log.timeouts().patienceOnProgress());
        totalWritten += data.length;
    }

    /** Each piece is written to the socket by a write of its own, one after the other on one writer thread. */
    @Override
    public void sendEach(List<byte[]> pieces) {
        long total = pieces.stream().mapToLong(piece -> piece.length).sum();
        if (socket.isClosed()) {
            throw fail("cannot send " + total + " bytes in " + pieces.size() + " sends: its socket is closed", null);
        }
        new BoundedWrite("peer-writer-" + local.port(), this::close, this::fail, this::timedOut, "send",
                "the peer's socket").run((chunk, offset, length) -> socket.getOutputStream().write(chunk, offset, length),
                pieces, log.timeouts().patienceOnProgress());
        totalWritten += total;
    }

    /** Closes the peer's write side: the implementation sees the end of the stream ({@code eof_received}). */
    @Override
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw fail("could not shut down its output: " + e, e);
        }
    }

    /**
     * Reads exactly {@code n} bytes, waiting on progress: as long as bytes keep coming, and at most the
     * arrival timeout without any.
     *
     * @throws AssertionError naming how many bytes were expected and what came so far, at the end of
     *                        the stream or on a connection error; a {@link WaitTimeout} when bytes stop
     *                        coming
     */
    @Override
    public byte[] readExactly(int n) {
        Patience patience = log.timeouts().patienceOnProgress();
        byte[] buffer = new byte[n];
        int got = 0;
        while (got < n) {
            int read;
            try {
                read = read(buffer, got, n - got, patience);
            } catch (SocketTimeoutException e) {
                throw timedOut(patience, "to receive " + n + " bytes; " + got + " came so far: "
                        + Bytes.describe(Arrays.copyOf(buffer, got)));
            } catch (IOException e) {
                throw fail("expected " + n + " bytes, got " + got + " (" + Bytes.describe(Arrays.copyOf(buffer, got))
                        + ") then " + e, e);
            }
            if (read < 0) {
                throw fail("expected " + n + " bytes, got the end of the stream after " + got + ": "
                        + Bytes.describe(Arrays.copyOf(buffer, got)), null);
            }
            got += read;
            patience.progressed();
        }
        return buffer;
    }

    /**
     * Reads everything until the end of the stream, waiting on progress (see {@link #readExactly}).
     *
     * @return the bytes before the end of the stream (empty when it came first)
     * @throws AssertionError when the end does not come in time, or the connection is reset
     */
    @Override
    public byte[] readUntilEof() {
        return readToEnd(false);
    }

    /**
     * Reads everything until the end of the stream or a connection error (a reset), waiting on progress:
     * for an {@code abort()}, which may end the connection either way.
     *
     * @return the bytes received before the end
     */
    @Override
    public byte[] readUntilEofOrReset() {
        return readToEnd(true);
    }

    /**
     * Waits at most the arrival timeout for data and returns what one read gives: 1 to {@code n}
     * bytes, or an empty array at the end of the stream.
     */
    @Override
    public byte[] readAtMost(int n) {
        Patience patience = log.timeouts().patienceForArrival();
        byte[] buffer = new byte[n];
        try {
            int read = read(buffer, 0, n, patience);
            return read < 0 ? new byte[0] : Arrays.copyOf(buffer, read);
        } catch (SocketTimeoutException e) {
            throw timedOut(patience, "to receive data; nothing came");
        } catch (IOException e) {
            throw fail("expected data, got " + e, e);
        }
    }

    /**
     * Watches the connection for the quiet period: fails if data, the end of the stream or a
     * connection error arrives. Data that arrives is consumed.
     */
    @Override
    public void assertNoDataOrEofWithinQuietPeriod() {
        long millis = log.timeouts().quiet().toMillis();
        byte[] buffer = new byte[CHUNK];
        int read;
        try {
            read = readWithin(buffer, 0, buffer.length, log.timeouts().quiet().toNanos());
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            throw fail("expected neither data nor the end of the stream within " + millis + " ms, got " + e, e);
        }
        throw fail("expected neither data nor the end of the stream within " + millis + " ms, got "
                + (read < 0 ? "the end of the stream" : Bytes.describe(Arrays.copyOf(buffer, read))), null);
    }

    /** Resets the connection: SO_LINGER 0, then close, which sends an RST instead of a FIN. */
    @Override
    public void reset() {
        try {
            plain.setSoLinger(true, 0);
        } catch (IOException e) {
            throw fail("could not set SO_LINGER 0 to reset: " + e, e);
        }
        closedByTck = true;
        closeQuietly(plain); // first: over TLS, closing the TLS socket would send close_notify
        close();
    }

    /** Closes the socket (a FIN, unless unread data makes the OS send an RST). Idempotent. */
    @Override
    public void close() {
        closedByTck = true;
        closeQuietly(socket);
        closeQuietly(plain);
    }

    /** The peer's own address: what the implementation should see as its {@code peername}. */
    public Values.Address localAddress() {
        return local;
    }

    /** The address the peer is connected to: the implementation's {@code sockname}. */
    public Values.Address remoteAddress() {
        return remote;
    }

    /** How many bytes the peer has read so far. */
    @Override
    public long totalRead() {
        return totalRead;
    }

    /** How many bytes the peer has sent so far (every byte of each {@link #send} that returned). */
    @Override
    public long totalWritten() {
        return totalWritten;
    }

    private byte[] readToEnd(boolean resetEnds) {
        Patience patience = log.timeouts().patienceOnProgress();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        while (true) {
            int read;
            try {
                read = read(buffer, 0, buffer.length, patience);
            } catch (SocketTimeoutException e) {
                throw timedOut(patience, "to receive the end of the stream; " + all.size() + " bytes came and no end");
            } catch (IOException e) {
                if (resetEnds && !closedByTck) {
                    return all.toByteArray();
                }
                throw fail("expected the end of the stream, got " + all.size() + " bytes then " + e, e);
            }
            if (read < 0) {
                return all.toByteArray();
            }
            all.write(buffer, 0, read);
            patience.progressed();
        }
    }

    /**
     * One read, waiting within {@code patience}; -1 at the end of the stream.
     *
     * @throws SocketTimeoutException when patience runs out first
     */
    private int read(byte[] buffer, int offset, int length, Patience patience) throws IOException {
        while (true) {
            long left = patience.remainingNanos();
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            try {
                return readWithin(buffer, offset, length, left);
            } catch (SocketTimeoutException e) {
                // patience may have grown meanwhile (progress elsewhere, time given back): look again
            }
        }
    }

    /** One read, waiting at most {@code nanos}; -1 at the end of the stream. */
    private int readWithin(byte[] buffer, int offset, int length, long nanos) throws IOException {
        socket.setSoTimeout(timeoutMillis(TimeUnit.NANOSECONDS.toMillis(nanos)));
        InputStream in = socket.getInputStream();
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            totalRead += read;
        } else if (read < 0) {
            answerCloseNotify();
        }
        return read;
    }

    /**
     * Over TLS, the end of the stream is the implementation's close_notify: the peer answers it with its
     * own, as a TLS 1.2 peer must and as asyncio's TLS transport waits for (stance S-12). The JDK does
     * that by itself only when {@code jdk.tls.acknowledgeCloseNotify} is set, a property of the whole JVM
     * that would change an implementation tested in this process too: a JDK-based implementation would
     * answer the peer's close_notify by closing its own write side at once, dropping what it still had to
     * send.
     */
    private void answerCloseNotify() {
        if (socket instanceof SSLSocket && !socket.isOutputShutdown() && !socket.isClosed()) {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                // the session is over already (a TLS 1.2 engine answers by itself): nothing to answer
            }
        }
    }

    /** A socket timeout in milliseconds: at least 1, since 0 would mean forever. */
    private static int timeoutMillis(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }

    /** What is left of {@code patience}, as a socket timeout. */
    private static int timeoutMillis(Patience patience) {
        return timeoutMillis(TimeUnit.NANOSECONDS.toMillis(patience.remainingNanos()));
    }

    private AssertionError fail(String problem, Throwable cause) {
        return failure(log, "The TCK's peer " + local + " (connected to " + remote + ") " + problem, cause);
    }

    /** The failure of a wait of this peer: {@code what} follows its name ("to receive 5 bytes; ..."). */
    private WaitTimeout timedOut(Patience patience, String what) {
        return log.timedOut(patience, "the TCK's peer " + local + " (connected to " + remote + ") " + what);
    }

    private static AssertionError failure(EventLog log, String message, Throwable cause) {
        AssertionError failure = log.failure(message);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
