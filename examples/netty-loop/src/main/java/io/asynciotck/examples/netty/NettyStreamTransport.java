package io.asynciotck.examples.netty;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;

import java.util.concurrent.CompletableFuture;

/**
 * A TCP stream transport on one Netty channel, and the channel's handler that calls the protocol. It maps
 * asyncio's calls onto Netty's own means, and leaves Netty's semantics as they are where they differ
 * (see {@code src/test/resources/known-failures.txt}):
 * <ul>
 *   <li>{@code write()}: {@code writeAndFlush} of the caller's array, wrapped;</li>
 *   <li>flow control: Netty's {@code WriteBufferWaterMark} and {@code channelWritabilityChanged}, and its
 *       count of pending bytes for {@code get_write_buffer_size()};</li>
 *   <li>{@code pause_reading()}/{@code resume_reading()}: {@code autoRead};</li>
 *   <li>{@code close()}: an empty flush, then {@code close()}; {@code abort()}: {@code close()} at once;</li>
 *   <li>{@code write_eof()}: {@code shutdownOutput()} once what is queued is flushed;</li>
 *   <li>the peer's end of stream: {@link ChannelInputShutdownEvent} with {@code ALLOW_HALF_CLOSURE};</li>
 *   <li>TLS: Netty's {@link SslHandler} before this handler; {@code connection_made()} once it reports the
 *       handshake done, the peer's close_notify ({@link SslCloseCompletionEvent}) as {@code eof_received()},
 *       and {@code close()} sends close_notify through it.</li>
 * </ul>
 */
final class NettyStreamTransport extends ChannelTransport implements StreamTransport {

    private final Protocol<? super StreamTransport> protocol;
    /** The caller's future for a connection this side opened; null for one a server accepted. */
    private final CompletableFuture<? super Connection<StreamTransport, ?>> made;
    /** The TLS layer, and the context it was made of; null over plain TCP. */
    private final SslHandler tls;
    private final SSLContext tlsContext;
    private boolean eofWritten;
    private Exception lossCause;

    @SuppressWarnings({"unchecked", "rawtypes"})
    <P extends Protocol<? super StreamTransport>> NettyStreamTransport(NettyEventLoop loop, P protocol,
                                                                       CompletableFuture<Connection<StreamTransport, P>> made) {
        this(loop, protocol, made, null, null);
    }

    /** A transport over TLS: {@code connection_made()} waits for the handshake, which {@code tls} performs. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <P extends Protocol<? super StreamTransport>> NettyStreamTransport(NettyEventLoop loop, P protocol,
                                                                       CompletableFuture<Connection<StreamTransport, P>> made,
                                                                       SslHandler tls, SSLContext tlsContext) {
        super(loop, protocol);
        this.protocol = protocol;
        this.made = (CompletableFuture) made;
        this.tls = tls;
        this.tlsContext = tlsContext;
    }

    // ---- the channel's events, to the protocol

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (tls == null) {
            established(ctx);
        }
        ctx.fireChannelActive();
    }

    /** The connection is made (over TLS: the handshake succeeded): {@code connection_made()}, then the caller's future. */
    private void established(ChannelHandlerContext ctx) {
        opened(ctx);
        try {
            protocol.connectionMade(this);
        } catch (RuntimeException e) {
            report("Exception in callback connection_made()", e);
        }
        if (made != null) {
            made.complete(new Connection<>(this, protocol));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closing || !buf.isReadable()) {
                return;
            }
            byte[] data = new byte[buf.readableBytes()];
            buf.readBytes(data);
            protocol.dataReceived(data);
        } catch (RuntimeException e) {
            fatal("Fatal error: protocol.data_received() call failed.", e);
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                established(ctx);
            } else {
                // no protocol callback: the caller's future fails with the cause
                closing = true;
                if (made != null) {
                    made.completeExceptionally(handshake.cause());
                }
                ctx.close();
            }
        } else if (!live()) {
            // before the handshake, or after a failed one: nothing reaches the protocol
        } else if (event instanceof SslCloseCompletionEvent && !closing) {
            // the peer's close_notify: eof_received(), whose return value cannot keep a TLS connection open
            try {
                protocol.eofReceived();
            } catch (RuntimeException e) {
                fatal("Fatal error: protocol.eof_received() call failed.", e);
                return;
            }
            close();
        } else if (event instanceof ChannelInputShutdownEvent && tls != null && !closing) {
            close();
        } else if (event instanceof ChannelInputShutdownEvent && !closing) {
            boolean keepOpen;
            try {
                keepOpen = protocol.eofReceived();
            } catch (RuntimeException e) {
                fatal("Fatal error: protocol.eof_received() call failed.", e);
                return;
            }
            if (!keepOpen) {
                close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (lossCause == null && !closing && cause instanceof Exception exception) {
            lossCause = exception;
        }
        ctx.close();
    }

    @Override
    Exception lossCause() {
        return lossCause;
    }

    /** As asyncio's {@code _fatal_error}: reports the exception and closes the connection with it as the cause. */
    private void fatal(String message, RuntimeException e) {
        report(message, e);
        if (lossCause == null) {
            lossCause = e;
        }
        closing = true;
        channel.close();
    }

    // ---- the transport's methods, to the channel

    @Override
    public void write(byte[] data) {
        if (eofWritten) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (closing || data.length == 0) {
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(data), channel.voidPromise());
    }

    @Override
    public void writelines(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /**
     * Over TLS, Netty's close() goes through the SslHandler, which flushes what is queued before its
     * close_notify; asyncio's abort() loses it and sends none. Removing the SslHandler first fails its
     * queued writes (SslHandler.handlerRemoved), and the channel then closes at once.
     */
    @Override
    public void abort() {
        closing = true; // the removal below fires events (SslCloseCompletionEvent) that must not reach the protocol
        if (tls != null && channel.pipeline().get(SslHandler.class) != null) {
            channel.pipeline().remove(SslHandler.class);
        }
        super.abort();
    }

    @Override
    public boolean canWriteEof() {
        return tls == null;
    }

    @Override
    public void writeEof() {
        if (tls != null) {
            throw new UnsupportedOperationException("TLS transports do not support write_eof()");
        }
        if (closing || eofWritten) {
            return;
        }
        eofWritten = true;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
            if (flushed.isSuccess()) {
                ((SocketChannel) channel).shutdownOutput();
            }
        });
    }

    @Override
    public void pauseReading() {
        if (!closing) {
            channel.config().setAutoRead(false);
        }
    }

    @Override
    public void resumeReading() {
        if (!closing) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        SSLSession session = tls == null ? null : tls.engine().getSession();
        return switch (name) {
            case ExtraInfo.PEERNAME -> channel.remoteAddress();
            case ExtraInfo.SOCKNAME -> channel.localAddress();
            case ExtraInfo.SSLCONTEXT -> tls == null ? defaultValue : tlsContext;
            case ExtraInfo.COMPRESSION -> tls == null ? defaultValue : null;
            case ExtraInfo.CIPHER -> session == null ? defaultValue
                    : new ExtraInfo.CipherInfo(session.getCipherSuite(), session.getProtocol(), secretBits(session.getCipherSuite()));
            case ExtraInfo.PEERCERT -> session == null ? defaultValue : peerCertificate(session);
            default -> defaultValue;
        };
    }

    private static Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /** The key size of the suite's bulk cipher, as Python's {@code SSLSocket.cipher()} reports it. */
    private static int secretBits(String suite) {
        return suite.contains("AES_256") || suite.contains("CHACHA20") ? 256 : suite.contains("AES_128") ? 128 : 0;
    }
}
