package io.asynciotck.examples.netty;

import io.asynciotck.api.transport.WriteBufferLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;

/**
 * asyncio's write flow control on a Netty channel: its {@link WriteBufferWaterMark}, whose crossings Netty
 * reports as {@code channelWritabilityChanged}, and its count of pending bytes.
 */
final class WaterMarks {

    /** asyncio's default high-water mark, 64 KiB; the low one is a quarter of the high one, as asyncio's. */
    static final int DEFAULT_HIGH = 64 * 1024;

    private WaterMarks() {
    }

    static void setDefaults(Channel channel) {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(DEFAULT_HIGH / 4, DEFAULT_HIGH));
    }

    /** Netty's count of the bytes queued for writing, which includes its own overhead per queued buffer. */
    static long bufferSize(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    static WriteBufferLimits limits(Channel channel) {
        WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
        return new WriteBufferLimits(marks.low(), marks.high());
    }

    /** As asyncio: high defaults to 64 KiB (or 4 × low), low to a quarter of high; both checked as asyncio checks them. */
    static void set(Channel channel, Long high, Long low) {
        long h = high != null ? high : low != null ? Math.max(low * 4, DEFAULT_HIGH) : DEFAULT_HIGH;
        long l = low != null ? low : h / 4;
        new WriteBufferLimits(l, h);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark((int) Math.min(l, Integer.MAX_VALUE),
                (int) Math.min(h, Integer.MAX_VALUE)));
    }
}
