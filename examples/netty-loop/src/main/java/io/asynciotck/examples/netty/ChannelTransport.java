package io.asynciotck.examples.netty;

import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import io.asynciotck.api.transport.WriteFlowControl;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;

/**
 * What every transport here shares: it is its channel's handler, calls {@code connection_lost()} once when
 * the channel goes inactive, and maps asyncio's write flow control onto Netty's: the
 * {@link WriteBufferWaterMark}, whose crossings Netty reports as {@code channelWritabilityChanged}
 * ({@code pause_writing()}, {@code resume_writing()}), and its count of pending bytes for
 * {@code get_write_buffer_size()}.
 */
abstract class ChannelTransport extends ChannelInboundHandlerAdapter implements BaseTransport, WriteFlowControl {

    /** asyncio's default high-water mark, 64 KiB; the low one is a quarter of the high one, as asyncio's. */
    private static final int DEFAULT_HIGH = 64 * 1024;

    final NettyEventLoop loop;
    private final BaseProtocol<?> protocol;
    Channel channel;
    boolean closing;
    /** Whether the protocol got {@code connection_made()}: only then does it get {@code connection_lost()}. */
    private boolean established;
    private boolean lost;
    /** Whether the protocol was last told pause_writing() (true) or resume_writing()/nothing (false). */
    private boolean paused;

    ChannelTransport(NettyEventLoop loop, BaseProtocol<?> protocol) {
        this.loop = loop;
        this.protocol = protocol;
    }

    /** Takes the channel, now active (and through its TLS handshake), and sets asyncio's default water marks on it. */
    void opened(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        established = true;
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(DEFAULT_HIGH / 4, DEFAULT_HIGH));
    }

    /** What {@code connection_lost()} gets: null, or the error that ended the connection. */
    Exception lossCause() {
        return null;
    }

    void report(String message, Throwable exception) {
        loop.report(message, exception, this, protocol);
    }

    /**
     * Netty fires this event later than the change it reports (ChannelOutboundBuffer.setUnwritable with
     * invokeLater), and handlers such as SslHandler fire it without a change: the protocol is paused or
     * resumed only when the channel's writability differs from what the protocol was last told.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (established && !lost && writable == paused) {
            paused = !writable;
            try {
                if (writable) {
                    protocol.resumeWriting();
                } else {
                    protocol.pauseWriting();
                }
            } catch (RuntimeException e) {
                report("protocol.pause_writing() or resume_writing() failed", e);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Whether the channel was established and is not yet lost: only then are protocol callbacks made. */
    boolean live() {
        return established && !lost;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (established && !lost) {
            lost = true;
            try {
                protocol.connectionLost(lossCause());
            } catch (RuntimeException e) {
                report("Exception in callback connection_lost()", e);
            }
        }
        ctx.fireChannelInactive();
    }

    /** Stops reading, flushes what is queued, then closes the channel. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        channel.config().setAutoRead(false);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the channel at once: Netty fails what is still queued. */
    public void abort() {
        closing = true;
        channel.close();
    }

    /** Netty's count of the bytes queued for writing, which includes its own overhead per queued buffer. */
    @Override
    public long getWriteBufferSize() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        return new WriteBufferLimits(marks.low(), marks.high());
    }

    /** As asyncio: high defaults to 64 KiB (or 4 × low), low to a quarter of high; both checked as asyncio checks them. */
    @Override
    public void setWriteBufferLimits(Long high, Long low) {
        long h = high != null ? high : low != null ? Math.max(low * 4, DEFAULT_HIGH) : DEFAULT_HIGH;
        long l = low != null ? low : h / 4;
        new WriteBufferLimits(l, h);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark((int) Math.min(l, Integer.MAX_VALUE),
                (int) Math.min(h, Integer.MAX_VALUE)));
    }
}
