package io.asynciotck.benchmarks.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;

/**
 * Netty 4.2's echo server as its own examples write it (write on read, flush on read complete, auto-read
 * off while the channel is not writable), with its defaults (pooled adaptive allocator, 64 KiB high-water
 * mark) and one event-loop thread that both accepts and serves.
 */
final class NettyEcho implements EchoServer.Echo {

    private final IoHandlerFactory ioHandler;
    private final Class<? extends ServerChannel> channelType;
    private EventLoopGroup group;
    private Channel listener;

    private NettyEcho(IoHandlerFactory ioHandler, Class<? extends ServerChannel> channelType) {
        this.ioHandler = ioHandler;
        this.channelType = channelType;
    }

    static NettyEcho nio() {
        return new NettyEcho(NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    static NettyEcho epoll() {
        return new NettyEcho(EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    @Override
    public int start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, ioHandler);
        listener = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new Handler())
                .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void stop() throws Exception {
        listener.close().sync();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    @ChannelHandler.Sharable
    static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
