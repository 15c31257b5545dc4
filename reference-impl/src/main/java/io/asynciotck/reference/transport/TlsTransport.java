package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.reference.flowcontrol.WriteFlowController;
import io.asynciotck.reference.loop.Failures;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A TLS stream transport, layered as asyncio's {@code SSLProtocol}: it is the protocol of a plain
 * {@link TcpTransport}, which carries the records, and the transport of the application's protocol,
 * which sees only application bytes. An {@link SSLEngine} turns one into the other on the loop thread.
 *
 * <p>Life cycle. The handshake starts at the TCP connection's {@code connectionMade}. When it
 * succeeds, the application's protocol is created and gets {@code connectionMade}; when it fails (an
 * engine error, or the connection ends first), the failure goes to {@code onFailure} and no callback of
 * the application's protocol is ever made. After the handshake, every stream rule holds, with TLS's
 * differences: {@link #canWriteEof()} is false, {@link #writeEof()} throws; the peer's close_notify
 * calls {@code eofReceived()} and the transport closes whatever it returns; a TCP end of stream
 * without close_notify closes the transport without {@code eofReceived()} (asyncio 3.11's behaviour).
 *
 * <p>Writing and flow control. Written bytes wait as plaintext and are encrypted as long as the TCP
 * transport is not paused (its own buffer under its high-water mark); {@link #getWriteBufferSize()}
 * is the plaintext waiting, in application bytes, and drives the application's
 * {@code pauseWriting()}/{@code resumeWriting()} with the usual water marks. {@link #close()} encrypts
 * what is buffered, then sends close_notify, then closes the TCP transport (which flushes, then sends
 * FIN); {@link #abort()} drops everything at once.
 *
 * <p>Reading. {@link #pauseReading()} pauses the TCP transport and keeps records already received
 * undecrypted until {@link #resumeReading()}.
 */
public final class TlsTransport implements StreamTransport, Protocol<StreamTransport> {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final ReferenceEventLoop loop;
    private final SSLContext context;
    private final SSLEngine engine;
    private final Supplier<? extends Protocol<? super StreamTransport>> appFactory;
    private final BiConsumer<TlsTransport, Protocol<? super StreamTransport>> onEstablished;
    private final Consumer<Exception> onFailure;

    private final ArrayDeque<ByteBuffer> plaintext = new ArrayDeque<>();
    private long plaintextSize;
    /** Records received and not yet decrypted, in read mode. */
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;

    private StreamTransport tcp;
    private Protocol<? super StreamTransport> app;
    private WriteFlowController flow;
    private SSLSession session;
    private boolean handshakeDone;
    private boolean handshakeFailed;
    private boolean tcpPaused;
    private boolean readingPaused;
    private boolean closing;
    private boolean closeNotifyReceived;
    private boolean outboundClosed;
    private boolean tcpClosed;
    private boolean appLost;
    private Exception lossCause;
    private boolean pumping;
    private boolean pumpAgain;

    /**
     * @param appFactory    makes the application's protocol once the handshake succeeded
     * @param onEstablished told the transport and the application's protocol after its {@code connectionMade}
     * @param onFailure     told why the handshake failed
     */
    public TlsTransport(ReferenceEventLoop loop, SSLContext context, SSLEngine engine,
                 Supplier<? extends Protocol<? super StreamTransport>> appFactory,
                 BiConsumer<TlsTransport, Protocol<? super StreamTransport>> onEstablished, Consumer<Exception> onFailure) {
        this.loop = loop;
        this.context = context;
        this.engine = engine;
        this.appFactory = appFactory;
        this.onEstablished = onEstablished;
        this.onFailure = onFailure;
        SSLSession initial = engine.getSession();
        netIn = ByteBuffer.allocate(initial.getPacketBufferSize()).flip();
        netOut = ByteBuffer.allocate(initial.getPacketBufferSize());
        appIn = ByteBuffer.allocate(initial.getApplicationBufferSize());
    }

    // ---- Protocol of the TCP transport

    @Override
    public void connectionMade(StreamTransport transport) {
        tcp = transport;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            handshakeFailed(e);
            return;
        }
        pump();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (netIn.capacity() - netIn.remaining() < data.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.remaining() + data.length));
            bigger.put(netIn).flip();
            netIn = bigger;
        }
        netIn.compact().put(data).flip();
        pump();
    }

    /** A TCP end of stream: before the handshake ends, a failure; after it, a close without {@code eofReceived}. */
    @Override
    public boolean eofReceived() {
        if (!handshakeDone) {
            handshakeFailed(new SSLHandshakeException("the peer closed the connection during the TLS handshake"));
            return false;
        }
        close();
        return true;
    }

    @Override
    public void connectionLost(Exception exc) {
        tcpClosed = true;
        if (!handshakeDone) {
            handshakeFailed(exc != null ? exc : new SSLHandshakeException("the connection closed during the TLS handshake"));
            return;
        }
        if (app == null || appLost) {
            return;
        }
        appLost = true;
        closing = true;
        plaintext.clear();
        plaintextSize = 0;
        try {
            app.connectionLost(lossCause != null ? lossCause : exc);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            loop.reportException(new ExceptionContext("Exception in protocol.connectionLost()", failure, this, app));
        }
    }

    @Override
    public void pauseWriting() {
        tcpPaused = true;
    }

    @Override
    public void resumeWriting() {
        tcpPaused = false;
        pump();
    }

    // ---- StreamTransport for the application

    /** Idempotent; no effect once closing. Records already received wait, undecrypted. */
    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        tcp.pauseReading();
    }

    /** Idempotent; no effect once closing. What was held back is delivered from the next loop iteration. */
    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        tcp.resumeReading();
        loop.callSoon(this::pump);
    }

    /**
     * Buffers the bytes and encrypts what the TCP transport can take now; what is left waits as a copy,
     * so the caller may change the array as soon as this returns.
     *
     * @throws NullPointerException if {@code data} is null
     */
    @Override
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length == 0 || closing) {
            return; // after close() or abort(), data is dropped, as on every transport here
        }
        ByteBuffer wrapped = ByteBuffer.wrap(data);
        plaintext.addLast(wrapped);
        plaintextSize += data.length;
        flushPlaintext();
        if (wrapped.hasRemaining() && plaintext.peekLast() == wrapped) {
            plaintext.pollLast();
            plaintext.addLast(ByteBuffer.wrap(Arrays.copyOfRange(data, wrapped.position(), data.length)));
        }
        flow.maybePause(plaintextSize);
    }

    /** @throws NullPointerException if {@code data} or an element is null: nothing is written then */
    @Override
    public void writelines(Iterable<byte[]> data) {
        List<byte[]> items = WriteQueue.elements(data);
        for (byte[] item : items) {
            write(item);
        }
    }

    /** TLS has no half-close here: asyncio's SSL transport raises NotImplementedError. */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a TLS transport does not support half-closes: writeEof() is not possible");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (!readingPaused && tcp != null) {
            tcp.pauseReading();
        }
        pump();
    }

    @Override
    public void abort() {
        if (appLost) {
            return;
        }
        closing = true;
        plaintext.clear();
        plaintextSize = 0;
        tcp.abort();
    }

    @Override
    public long getWriteBufferSize() {
        return plaintextSize;
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return flow.limits();
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        flow.setLimits(high, low, plaintextSize);
    }

    /**
     * The socket's names from the TCP transport, and TLS's: {@code compression} (always null: the JDK
     * does not compress), {@code cipher} ({@link ExtraInfo.CipherInfo}), {@code peercert} (the peer's
     * certificate, null when it sent none), {@code sslcontext}.
     */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        if (name == null) {
            return defaultValue;
        }
        switch (name) {
            case ExtraInfo.PEERNAME, ExtraInfo.SOCKNAME, ExtraInfo.SOCKET -> {
                return tcp.getExtraInfo(name, defaultValue);
            }
            case ExtraInfo.SSLCONTEXT -> {
                return context;
            }
            case ExtraInfo.COMPRESSION -> {
                return session != null ? null : defaultValue;
            }
            case ExtraInfo.CIPHER -> {
                return session == null ? defaultValue : new ExtraInfo.CipherInfo(session.getCipherSuite(),
                        session.getProtocol(), secretBits(session.getCipherSuite()));
            }
            case ExtraInfo.PEERCERT -> {
                return session == null ? defaultValue : peerCertificate(session);
            }
            default -> {
                return defaultValue;
            }
        }
    }

    @Override
    public String toString() {
        return "TlsTransport[" + tcp + (closing ? ", closing" : "") + "]";
    }

    // ---- the engine

    /** Runs the engine as far as it goes; re-entrant calls (from callbacks) make the outer call go round again. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                step();
            } while (pumpAgain && !appLost && !handshakeFailed);
        } catch (SSLException e) {
            if (!handshakeDone) {
                handshakeFailed(e);
            } else {
                fatal(e);
            }
        } catch (RuntimeException e) {
            // The engine's own failures that are not SSLExceptions (a trust store without anchors...)
            if (!handshakeDone) {
                SSLException failure = new SSLHandshakeException("TLS handshake failure: " + e);
                failure.initCause(e);
                handshakeFailed(failure);
            } else {
                fatal(new SSLException("TLS engine failure: " + e, e));
            }
        } finally {
            pumping = false;
        }
    }

    private void step() throws SSLException {
        boolean progress = true;
        while (progress && !appLost && !handshakeFailed && tcp != null) {
            progress = false;
            SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    progress = true;
                }
                case NEED_WRAP -> progress = wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> progress = !outboundClosed && unwrap();
                default -> {
                    if (!handshakeDone) {
                        handshakeCompleted();
                        progress = true;
                    } else {
                        if (!readingPaused && !closing && !closeNotifyReceived) {
                            progress = unwrap();
                        }
                        progress |= flushPlaintext();
                        if (closing && plaintextSize == 0 && !outboundClosed) {
                            outboundClosed = true;
                            engine.closeOutbound();
                            progress = true;
                        }
                    }
                }
            }
        }
        if (outboundClosed && engine.isOutboundDone() && !tcpClosed && tcp != null) {
            tcpClosed = true;
            tcp.close();
        }
    }

    /** Encrypts plaintext while the TCP transport takes it; true if anything was encrypted. */
    private boolean flushPlaintext() {
        if (!handshakeDone || outboundClosed || plaintextSize == 0) {
            return false;
        }
        boolean any = false;
        try {
            while (plaintextSize > 0 && !tcpPaused && !appLost) {
                ByteBuffer[] sources = plaintext.toArray(ByteBuffer[]::new);
                long before = plaintextSize;
                if (!wrap(sources)) {
                    break;
                }
                while (!plaintext.isEmpty() && !plaintext.peekFirst().hasRemaining()) {
                    plaintext.removeFirst();
                }
                plaintextSize = 0;
                for (ByteBuffer buffer : plaintext) {
                    plaintextSize += buffer.remaining();
                }
                any |= plaintextSize < before;
            }
        } catch (SSLException e) {
            fatal(e);
            return false;
        }
        if (any && flow != null) {
            flow.maybeResume(plaintextSize);
        }
        return any;
    }

    /** One wrap of {@code sources} into records handed to the TCP transport; true on progress. */
    private boolean wrap(ByteBuffer[] sources) throws SSLException {
        netOut.clear();
        SSLEngineResult result = engine.wrap(sources, netOut);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
            return true;
        }
        if (netOut.position() > 0) {
            byte[] record = new byte[netOut.position()];
            netOut.flip().get(record);
            tcp.write(record);
        }
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    }

    /** One unwrap of the records received; delivers what it decrypts. True on progress. */
    private boolean unwrap() throws SSLException {
        if (!netIn.hasRemaining()) {
            return false;
        }
        appIn.clear();
        SSLEngineResult result = engine.unwrap(netIn, appIn);
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false; // a partial record: wait for more
            }
            case BUFFER_OVERFLOW -> {
                appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
                return true;
            }
            default -> {
                // OK or CLOSED
            }
        }
        if (appIn.position() > 0 && handshakeDone && !closing) {
            byte[] data = new byte[appIn.position()];
            appIn.flip().get(data);
            try {
                app.dataReceived(data);
            } catch (Throwable failure) {
                Failures.rethrowIfFatal(failure);
                loop.reportException(new ExceptionContext("Fatal error: protocol.dataReceived() call failed.",
                        failure, this, app));
                abortWith(Failures.asException(failure));
                return false;
            }
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            closeNotifyReceived(result);
            return false;
        }
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
    }

    /** The peer's close_notify: {@code eofReceived()} once (its return value cannot keep TLS open), then close. */
    private void closeNotifyReceived(SSLEngineResult result) throws SSLException {
        if (closeNotifyReceived) {
            return;
        }
        closeNotifyReceived = true;
        if (!handshakeDone) {
            throw new SSLHandshakeException("the peer closed the TLS session during the handshake");
        }
        if (!closing) {
            try {
                app.eofReceived(); // asyncio: "returning true from eof_received() has no effect when using ssl"
            } catch (Throwable failure) {
                Failures.rethrowIfFatal(failure);
                loop.reportException(new ExceptionContext("Fatal error: protocol.eofReceived() call failed.",
                        failure, this, app));
                abortWith(Failures.asException(failure));
                return;
            }
        }
        close();
        pumpAgain = true;
    }

    private void handshakeCompleted() {
        handshakeDone = true;
        session = engine.getSession();
        Protocol<? super StreamTransport> protocol;
        try {
            protocol = Objects.requireNonNull(appFactory.get(), "the protocol factory returned null");
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            handshakeDone = false;
            handshakeFailed(Failures.asException(failure));
            return;
        }
        app = protocol;
        flow = new WriteFlowController(this, app, loop::reportException);
        try {
            app.connectionMade(this);
        } catch (Throwable failure) {
            Failures.rethrowIfFatal(failure);
            loop.reportException(new ExceptionContext("Fatal error: protocol.connectionMade() call failed.",
                    failure, this, app));
            abortWith(Failures.asException(failure));
        }
        onEstablished.accept(this, app);
    }

    /** Ends a connection whose handshake failed: no callback of the application, the cause to {@code onFailure}. */
    private void handshakeFailed(Exception cause) {
        if (handshakeFailed) {
            return;
        }
        handshakeFailed = true;
        closing = true;
        if (tcp != null && !tcpClosed) {
            tcpClosed = true;
            tcp.abort();
        }
        onFailure.accept(cause);
    }

    /** An error after the handshake: the connection is aborted and the application sees {@code cause}. */
    private void fatal(SSLException cause) {
        abortWith(cause);
    }

    private void abortWith(Exception cause) {
        if (lossCause == null) {
            lossCause = cause;
        }
        closing = true;
        plaintext.clear();
        plaintextSize = 0;
        if (!tcpClosed) {
            tcpClosed = true;
            tcp.abort();
        }
    }

    private static Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 ? chain[0] : null;
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /** The key size of the suite's bulk cipher, as Python's {@code SSLSocket.cipher()} reports it. */
    static int secretBits(String suite) {
        if (suite.contains("AES_256") || suite.contains("CHACHA20")) {
            return 256;
        }
        if (suite.contains("AES_128")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 168;
        }
        return 0;
    }
}
