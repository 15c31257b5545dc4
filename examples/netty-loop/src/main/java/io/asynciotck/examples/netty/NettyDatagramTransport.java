package io.asynciotck.examples.netty;

import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A UDP endpoint on a Netty {@code NioDatagramChannel}, and the channel's handler that calls the protocol:
 * each {@link DatagramPacket} read is a {@code datagram_received()}; an {@link IOException} Netty reports
 * (the port-unreachable error of a connected socket, which Netty does not close the channel for) is an
 * {@code error_received()}; {@code sendto()} writes a packet, to the connected address without one.
 */
final class NettyDatagramTransport extends ChannelTransport implements DatagramTransport {

    private final DatagramProtocol protocol;
    private final CompletableFuture<? super Connection<DatagramTransport, ?>> made;

    @SuppressWarnings({"unchecked", "rawtypes"})
    <P extends DatagramProtocol> NettyDatagramTransport(NettyEventLoop loop, P protocol,
                                                        CompletableFuture<Connection<DatagramTransport, P>> made) {
        super(loop, protocol);
        this.protocol = protocol;
        this.made = (CompletableFuture) made;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        opened(ctx);
        try {
            protocol.connectionMade(this);
        } catch (RuntimeException e) {
            report("Exception in callback connection_made()", e);
        }
        made.complete(new Connection<>(this, protocol));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            if (closing) {
                return;
            }
            ByteBuf content = packet.content();
            byte[] data = new byte[content.readableBytes()];
            content.readBytes(data);
            protocol.datagramReceived(data, packet.sender());
        } catch (RuntimeException e) {
            report("Exception in callback datagram_received()", e);
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException error && !closing) {
            try {
                protocol.errorReceived(error);
            } catch (RuntimeException e) {
                report("Exception in callback error_received()", e);
            }
        } else {
            report("Fatal error on datagram transport", cause);
        }
    }

    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        if (closing) {
            return;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        Object message = addr == null ? buf : new DatagramPacket(buf, (java.net.InetSocketAddress) addr);
        channel.writeAndFlush(message).addListener((ChannelFutureListener) sent -> {
            if (!sent.isSuccess()) {
                exceptionCaught(channel.pipeline().firstContext(), sent.cause());
            }
        });
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return switch (name) {
            case ExtraInfo.PEERNAME -> channel.remoteAddress() != null ? channel.remoteAddress() : defaultValue;
            case ExtraInfo.SOCKNAME -> channel.localAddress();
            default -> defaultValue;
        };
    }
}
