package io.asynciotck.reference.transport;

import io.asynciotck.reference.loop.ReferenceEventLoop;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.reference.loop.SelectorEventLoop;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A UDP datagram endpoint with the semantics of asyncio's {@code _SelectorDatagramTransport}: one
 * non-blocking {@link DatagramChannel}, one protocol for every peer. Used on the loop thread only, like
 * every transport. Life cycle, closing and flow control as every {@link SelectorTransport}.
 *
 * <p>Sending. {@link #sendto} sends at once when nothing is queued; when the socket has no room (the
 * JDK's {@code send} returns 0) or datagrams are already queued, it queues the datagram with its
 * target, and the queue is flushed in order when the socket is writable. The write buffer size is the
 * number of bytes of the queued datagrams, and drives {@code pauseWriting}/{@code resumeWriting}
 * through the shared {@link io.asynciotck.reference.flowcontrol.WriteFlowController}. (On Linux a UDP
 * send never lacks room on loopback, so the queue stays empty there; asyncio behaves the same way.)
 *
 * <p>Receiving. Datagrams are read into the loop's shared read buffer (256 KiB, more than any UDP
 * datagram) and passed to {@code datagramReceived} as a copy of exactly their bytes, with the sender's
 * {@link InetSocketAddress}; empty datagrams as empty arrays. At most {@value #MAX_DATAGRAMS_PER_EVENT}
 * datagrams per readiness event, so one busy endpoint does not starve the loop.
 *
 * <p>Errors, as asyncio:
 * <ul>
 *   <li>an {@link IOException} from a send or a receive (for example the
 *       {@link java.net.PortUnreachableException} of a connected endpoint after an ICMP "port
 *       unreachable", or "message too long") goes to {@code errorReceived}, once per failed operation;
 *       the datagram being sent is dropped and the endpoint stays open;</li>
 *   <li>a {@link ClosedChannelException} (the channel was closed behind the transport's back) closes
 *       the transport with {@code connectionLost(exception)};</li>
 *   <li>an exception thrown by {@code connectionMade}, {@code datagramReceived} or
 *       {@code errorReceived}, or a runtime exception from the channel, is reported to the loop's
 *       exception handler and closes the transport with {@code connectionLost(exception)}. (asyncio
 *       keeps the endpoint open when {@code datagram_received} raises; this implementation applies the
 *       API's rule for every protocol callback.)</li>
 * </ul>
 *
 * <p>Empty datagrams: sent by an unconnected endpoint; a connected endpoint drops them, because the
 * JDK's connected {@code DatagramChannel} skips zero-length writes (asyncio up to 3.12 and uvloop drop
 * every empty datagram; 3.13 sends them). The JDK also returns 0 both for an empty datagram it sent and
 * for one the kernel had no room for, so an empty datagram counts as sent.
 */
public final class UdpTransport extends SelectorTransport<DatagramChannel, DatagramProtocol> implements DatagramTransport {

    /** The most datagrams received per readiness event. */
    static final int MAX_DATAGRAMS_PER_EVENT = 16;
    /** The largest UDP payload over IPv4: 65535 minus the 20-byte IP and 8-byte UDP headers. */
    static final int MAX_IPV4_DATAGRAM = 65_507;
    /** The largest UDP payload over IPv6 without jumbograms: 65535 minus the 8-byte UDP header. */
    static final int MAX_IPV6_DATAGRAM = 65_527;

    /** A datagram waiting for room in the socket. */
    private record Pending(ByteBuffer data, InetSocketAddress target) {
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** The remote address of a connected endpoint, or null. */
    private final InetSocketAddress remote;
    /** The channel's family: an IPv4 channel cannot send to IPv6 addresses. */
    private final ProtocolFamily family;
    private long queuedBytes;

    private UdpTransport(SelectorEventLoop loop, DatagramChannel channel, SelectionKey key, DatagramProtocol protocol,
                         InetSocketAddress remote, ProtocolFamily family) {
        super(loop, channel, key, protocol, remote);
        this.remote = remote;
        this.family = family;
    }

    /**
     * Opens a non-blocking datagram channel of the family of {@code remote} (else of {@code local}),
     * binds it to {@code local} (null: the family's wildcard address and an ephemeral port), connects
     * it to {@code remote} if given, then creates the protocol and the transport and calls
     * {@code connectionMade}. Loop thread. The caller checked that at least one address is given,
     * both are resolved and of the same family.
     *
     * @throws NullPointerException if the factory returns null
     * @throws IOException          if the channel cannot be opened, bound, connected or registered;
     *                              nothing is left open then
     */
    public static <P extends DatagramProtocol> Connection<DatagramTransport, P> open(
            SelectorEventLoop loop, InetSocketAddress local, InetSocketAddress remote, Supplier<? extends P> protocolFactory)
            throws IOException {
        ProtocolFamily family = familyOf((remote != null ? remote : local).getAddress());
        DatagramChannel channel = DatagramChannel.open(family);
        SelectionKey key = null;
        try {
            channel.configureBlocking(false);
            channel.bind(local != null ? local : new InetSocketAddress(wildcard(family), 0));
            if (remote != null) {
                channel.connect(remote);
            }
            key = loop.register(channel, 0, null);
            P protocol = Objects.requireNonNull(protocolFactory.get(), "the protocol factory returned null");
            UdpTransport transport = new UdpTransport(loop, channel, key, protocol,
                    remote != null ? (InetSocketAddress) channel.getRemoteAddress() : null, family);
            transport.start();
            return new Connection<>(transport, protocol);
        } catch (Throwable failure) {
            if (key != null) {
                key.cancel();
            }
            ReferenceEventLoop.closeQuietly(channel);
            throw failure;
        }
    }

    /** {@link StandardProtocolFamily#INET} for an IPv4 address, else {@link StandardProtocolFamily#INET6}. */
    public static ProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    // ---- IoHandler

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0 && isReading()) {
            readReady();
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !lost && !queue.isEmpty()) {
            writeReady();
        }
    }

    // ---- DatagramTransport

    /**
     * Sends {@code data} as one datagram to {@code addr}, or to the remote address given at creation
     * when {@code addr} is null. The arguments are checked first, and nothing is sent or queued when
     * one is rejected: the endpoint stays usable. After {@link #close()}, {@link #abort()} or the loss
     * of the endpoint nothing can be sent any more, and the call says so rather than lose the datagram
     * silently (asyncio drops it, logging a warning after a few). A datagram that must wait for room in
     * the socket is queued as a copy, so the caller may reuse {@code data}.
     *
     * @param data the datagram's bytes; may be empty (see the class comment for connected endpoints)
     * @param addr the target, an {@link InetSocketAddress}, or null for the remote address
     * @throws NullPointerException     if {@code data} is null
     * @throws IllegalArgumentException if {@code addr} is null on an endpoint created without a remote
     *                                  address; differs from the remote address of a connected endpoint
     *                                  (an equal address is accepted); is not an
     *                                  {@link InetSocketAddress}, is unresolved, has port 0, or is an
     *                                  IPv6 address for an IPv4 endpoint; or if {@code data} is longer
     *                                  than a UDP datagram can be (65507 bytes over IPv4, 65527 over
     *                                  IPv6)
     * @throws IllegalStateException    after {@link #close()}, {@link #abort()} or the loss of the endpoint
     */
    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        Objects.requireNonNull(data, "data");
        InetSocketAddress target = target(addr);
        int max = target.getAddress() instanceof Inet4Address ? MAX_IPV4_DATAGRAM : MAX_IPV6_DATAGRAM;
        if (data.length > max) {
            throw new IllegalArgumentException("a datagram of " + data.length + " bytes is longer than the "
                    + max + " bytes a UDP datagram to " + target + " can carry");
        }
        if (closing) {
            throw new IllegalStateException("sendto() after the endpoint was closed: " + this);
        }
        if (queue.isEmpty()) {
            if (send(ByteBuffer.wrap(data), target)) {
                return;
            }
            enqueue(data, target);
            updateInterest();
        } else {
            enqueue(data, target);
        }
        flowControl.maybePause(queuedBytes);
    }

    // ---- SelectorTransport

    @Override
    boolean isReading() {
        return !closing;
    }

    @Override
    boolean isBufferEmpty() {
        return queue.isEmpty();
    }

    @Override
    long bufferSize() {
        return queuedBytes;
    }

    @Override
    void clearBuffer() {
        queue.clear();
        queuedBytes = 0;
    }

    @Override
    void callConnectionMade() {
        protocol.connectionMade(this);
    }

    // ---- internals

    /** The datagram's target, checked: see {@link #sendto}. */
    private InetSocketAddress target(SocketAddress addr) {
        if (addr == null) {
            if (remote == null) {
                throw new IllegalArgumentException(
                        "no remote address: pass addr to sendto() or create the endpoint with a remote address");
            }
            return remote;
        }
        if (!(addr instanceof InetSocketAddress target)) {
            throw new IllegalArgumentException("addr must be an InetSocketAddress, got "
                    + addr.getClass().getName() + " " + addr);
        }
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("addr must be a resolved address, got the unresolved " + target);
        }
        if (remote != null) {
            if (!remote.equals(target)) {
                throw new IllegalArgumentException("addr " + target + " differs from the remote address " + remote
                        + " of this connected endpoint: pass null or the remote address");
            }
            return remote;
        }
        if (target.getPort() == 0) {
            throw new IllegalArgumentException("addr " + target + " has port 0: a datagram cannot be sent to port 0");
        }
        if (family == StandardProtocolFamily.INET && target.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("addr " + target + " is an IPv6 address, but this endpoint's socket is IPv4 ("
                    + getExtraInfo(ExtraInfo.SOCKNAME) + ")");
        }
        return target;
    }

    private void enqueue(byte[] data, InetSocketAddress target) {
        queue.add(new Pending(ByteBuffer.wrap(data.clone()), target));
        queuedBytes += data.length;
    }

    /**
     * Tries to send one datagram now.
     *
     * @return false if the socket has no room for it; true if it was sent, or failed and the failure
     *         was handled (reported to {@code errorReceived}, or the transport closed)
     */
    private boolean send(ByteBuffer datagram, InetSocketAddress target) {
        try {
            if (remote != null) {
                // A connected channel writes nothing for an empty buffer: the datagram is dropped.
                return !datagram.hasRemaining() || channel.write(datagram) > 0;
            }
            return channel.send(datagram, target) > 0 || !datagram.hasRemaining();
        } catch (ClosedChannelException e) {
            forceClose(e);
        } catch (IOException e) {
            errorReceived(e);
        } catch (RuntimeException e) {
            fatalError(e, "Fatal write error on datagram transport");
        }
        return true;
    }

    /** Sends the queued datagrams in order until the socket is full or the queue empty. */
    private void writeReady() {
        while (!queue.isEmpty()) {
            Pending next = queue.poll();
            int size = next.data().remaining();
            queuedBytes -= size;
            if (!send(next.data(), next.target())) {
                queue.addFirst(next); // try again when the socket is writable
                queuedBytes += size;
                break;
            }
            if (lost) {
                return; // aborted, or failed fatally, while sending
            }
        }
        flowControl.maybeResume(queuedBytes); // the protocol may send, close or abort here
        if (closeIfFlushed()) {
            return;
        }
        updateInterest();
    }

    private void readReady() {
        ByteBuffer buffer = loop.readBuffer();
        for (int i = 0; i < MAX_DATAGRAMS_PER_EVENT && isReading(); i++) {
            buffer.clear();
            SocketAddress sender;
            try {
                sender = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                forceClose(e);
                return;
            } catch (IOException e) {
                errorReceived(e);
                return;
            } catch (RuntimeException e) {
                fatalError(e, "Fatal read error on datagram transport");
                return;
            }
            if (sender == null) {
                return; // nothing more to read
            }
            byte[] data = new byte[buffer.position()];
            buffer.flip().get(data);
            try {
                protocol.datagramReceived(data, sender);
            } catch (Throwable failure) {
                fatalError(failure, "Fatal error: protocol.datagramReceived() call failed.");
                return;
            }
        }
    }

    private void errorReceived(IOException exc) {
        try {
            protocol.errorReceived(exc);
        } catch (Throwable failure) {
            fatalError(failure, "Fatal error: protocol.errorReceived() call failed.");
        }
    }

    private static InetAddress wildcard(ProtocolFamily family) throws IOException {
        return InetAddress.getByAddress(new byte[family == StandardProtocolFamily.INET ? 4 : 16]);
    }
}
