package io.asynciotck.reference.transport;

import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.WriteFlowControl;
import io.asynciotck.reference.loop.IoRegistration;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/**
 * What the socket transports share, as asyncio's {@code _SelectorTransport}: a {@link ChannelTransport}
 * (life cycle, flow control, fatal-error policy) whose channel is a socket registered with the loop's
 * selector, and the socket's extra info. Used on the loop thread only.
 *
 * @param <C> the channel
 * @param <P> the protocol
 */
abstract class SelectorTransport<C extends SelectableChannel & NetworkChannel, P extends BaseProtocol<?>>
        extends ChannelTransport<C, P> implements WriteFlowControl {

    private final SocketAddress peername;
    private final SocketAddress sockname;

    /**
     * @param key      the channel's key with this loop's selector; the transport attaches itself to it
     * @param peername the remote address, or null (an unconnected datagram endpoint, or on error)
     */
    SelectorTransport(SelectorEventLoop loop, C channel, SelectionKey key, P protocol, SocketAddress peername) {
        super(loop, channel, IoRegistration.of(key), protocol);
        this.peername = peername;
        this.sockname = localAddress(channel);
    }

    /**
     * {@code peername} and {@code sockname} (read when the transport was created, so still available
     * after the connection is lost), {@code socket} (the channel); {@code defaultValue} for any other
     * name. {@code peername} is null, whatever the default, when there is no remote address: the
     * name is known, its value is None (asyncio's unconnected datagram endpoints).
     *
     * @throws NullPointerException if {@code name} is null
     */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Objects.requireNonNull(name, "name");
        switch (name) {
            case ExtraInfo.PEERNAME:
                return peername;
            case ExtraInfo.SOCKNAME:
                return sockname;
            case ExtraInfo.SOCKET:
                return channel;
            default:
                return defaultValue;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + sockname + " -> " + peername + ", " + state() + ", buffered=" + bufferSize() + "]";
    }

    /** The remote address of the transport, or null. */
    SocketAddress peername() {
        return peername;
    }

    private static SocketAddress localAddress(NetworkChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null; // the spec's "None on error"
        }
    }
}
