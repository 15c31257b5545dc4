package io.asynciotck.examples.netty;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;

import java.util.concurrent.CompletableFuture;

/**
 * A TCP stream transport on one Netty channel, and the channel's handler that calls the protocol. It maps
 * asyncio's calls onto Netty's own means, and leaves Netty's semantics as they are where they differ
 * (see {@code src/test/resources/known-failures.txt}):
 * <ul>
 *   <li>{@code write()}: {@code writeAndFlush} of the caller's array, wrapped;</li>
 *   <li>flow control: Netty's {@link WriteBufferWaterMark} and {@code channelWritabilityChanged}, and its
 *       count of pending bytes for {@code get_write_buffer_size()};</li>
 *   <li>{@code pause_reading()}/{@code resume_reading()}: {@code autoRead};</li>
 *   <li>{@code close()}: an empty flush, then {@code close()}; {@code abort()}: {@code close()} at once;</li>
 *   <li>{@code write_eof()}: {@code shutdownOutput()} once what is queued is flushed;</li>
 *   <li>the peer's end of stream: {@link ChannelInputShutdownEvent} with {@code ALLOW_HALF_CLOSURE}.</li>
 * </ul>
 */
final class NettyStreamTransport extends ChannelInboundHandlerAdapter implements StreamTransport {

    private final NettyEventLoop loop;
    private final Protocol<? super StreamTransport> protocol;
    /** The caller's future for a connection this side opened; null for one a server accepted. */
    private final CompletableFuture<? super Connection<StreamTransport, ?>> made;
    private Channel channel;
    private boolean closing;
    private boolean eofWritten;
    private boolean lost;
    private Exception lossCause;

    @SuppressWarnings({"unchecked", "rawtypes"})
    <P extends Protocol<? super StreamTransport>> NettyStreamTransport(NettyEventLoop loop, P protocol,
                                                                       CompletableFuture<Connection<StreamTransport, P>> made) {
        this.loop = loop;
        this.protocol = protocol;
        this.made = (CompletableFuture) made;
    }

    // ---- the channel's events, to the protocol

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        WaterMarks.setDefaults(channel);
        try {
            protocol.connectionMade(this);
        } catch (RuntimeException e) {
            loop.report("Exception in callback connection_made()", e, this, protocol);
        }
        if (made != null) {
            made.complete(new Connection<>(this, protocol));
        }
        ctx.fireChannelActive();
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
        if (event instanceof ChannelInputShutdownEvent && !closing) {
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
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        try {
            if (ctx.channel().isWritable()) {
                protocol.resumeWriting();
            } else {
                protocol.pauseWriting();
            }
        } catch (RuntimeException e) {
            loop.report("protocol.pause_writing() or resume_writing() failed", e, this, protocol);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (lossCause == null && !closing && cause instanceof Exception exception) {
            lossCause = exception;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!lost) {
            lost = true;
            try {
                protocol.connectionLost(lossCause);
            } catch (RuntimeException e) {
                loop.report("Exception in callback connection_lost()", e, this, protocol);
            }
        }
        ctx.fireChannelInactive();
    }

    /** As asyncio's {@code _fatal_error}: reports the exception and closes the connection with it as the cause. */
    private void fatal(String message, RuntimeException e) {
        loop.report(message, e, this, protocol);
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

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void writeEof() {
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
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        channel.config().setAutoRead(false);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void abort() {
        closing = true;
        channel.close();
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
    public long getWriteBufferSize() {
        return WaterMarks.bufferSize(channel);
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return WaterMarks.limits(channel);
    }

    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        WaterMarks.set(channel, high, low);
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return switch (name) {
            case ExtraInfo.PEERNAME -> channel.remoteAddress();
            case ExtraInfo.SOCKNAME -> channel.localAddress();
            default -> defaultValue;
        };
    }
}
