package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.DatagramTransport;
import io.asynciotck.api.transport.StreamTransport;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Broken implementations of the rules the spec's examples state (EX). */
final class ExampleMutants {

    private ExampleMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new OneProtocolPerDatagram(),
            new DropsWritesInConnectionMade(),
            new OneProtocolPerServer(),
            new WritesLaterClosesNow(),
            new AdoptedSocketNotRead(),
            new ServerCloseKeepsListening(),
            new DropsSendtoInConnectionMade());

    /** EX-8: a new protocol for every datagram, rather than one for the endpoint. */
    static final class OneProtocolPerDatagram extends BrokenImplementation {
        OneProtocolPerDatagram() {
            super("EX-8", "every datagram goes to a new protocol from the factory");
            alsoBreaks("each datagram's new protocol gets its own connection_made() and the datagram, so the endpoint's protocol never sees it",
                    Set.of("CB-1", "CB-4", "CB-5", "DP-1", "EX-7", "PR-5"));
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                private DatagramTransport transport;

                @Override
                public void connectionMade(DatagramTransport transport) {
                    this.transport = transport;
                    delegate.connectionMade(transport);
                }

                @Override
                public void datagramReceived(byte[] data, SocketAddress addr) {
                    DatagramProtocol fresh = factory.get();
                    fresh.connectionMade(transport);
                    fresh.datagramReceived(data, addr);
                }
            };
        }
    }

    /** EX-1: what the protocol writes in connection_made() is lost (the transport is "not ready yet"). */
    static final class DropsWritesInConnectionMade extends BrokenImplementation {
        DropsWritesInConnectionMade() {
            super("EX-1", "write() during connection_made() is dropped");
            alsoBreaks("the scenarios of the whole callback sequence write in connection_made() and wait for the peer to receive it",
                    Set.of("CB-4", "CB-5", "SP-12"));
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private boolean inConnectionMade;

                @Override
                public void connectionMade(StreamTransport transport) {
                    inConnectionMade = true;
                    try {
                        delegate.connectionMade(new Delegating.Stream(transport) {
                            @Override
                            public void write(byte[] data) {
                                if (!inConnectionMade) {
                                    delegate.write(data);
                                }
                            }
                        });
                    } finally {
                        inConnectionMade = false;
                    }
                }
            };
        }
    }

    /** EX-2: a server gives every connection the protocol of its first one. */
    static final class OneProtocolPerServer extends BrokenImplementation {
        /** Each server's first protocol, by the server's protocol factory. */
        private final Map<Object, Protocol<? super StreamTransport>> firstProtocols =
                Collections.synchronizedMap(new IdentityHashMap<>());

        OneProtocolPerServer() {
            super("EX-2", "the protocol factory is called for a server's first connection only: the others share that protocol");
            alsoBreaks("PR-5's server scenario echoes and closes too: the shared protocol closes the last connection, never "
                    + "the first, and its client waits for the end of the stream", Set.of("PR-5"));
        }

        @Override
        Protocol<? super StreamTransport> acceptedCallbacks(Protocol<? super StreamTransport> application,
                                                            Supplier<? extends Protocol<? super StreamTransport>> factory) {
            return firstProtocols.computeIfAbsent(factory, f -> application);
        }
    }

    /** EX-3: write() is asynchronous but close() is not: close() right after write() loses the data. */
    static final class WritesLaterClosesNow extends BrokenImplementation {
        WritesLaterClosesNow() {
            super("EX-3", "write() hands its data to the socket on the loop's next turn; close() drops what was not handed over yet");
            alsoBreaks("the echo server writes and closes in one callback; the flow-control scenarios expect write() to buffer at once (pause_writing() synchronously, one pause per written batch); "
                    + "a write() that only queues its data for the next turn cannot refuse it after write_eof() (WT-18's stance S-17); "
                    + "a transport that closes itself at the peer's end of the stream drops a write not handed over yet (BT-1, SP-6)",
                    Set.of("BT-1", "EX-2", "FC-1", "FC-3", "FC-4", "FC-5", "FC-7", "SP-6", "WT-10", "WT-18"));
        }

        @Override
        StreamTransport stream(StreamTransport reference, EventLoop loop) {
            return new Delegating.Stream(reference) {
                private final List<byte[]> unsent = new ArrayList<>();

                @Override
                public void write(byte[] data) {
                    if (unsent.isEmpty()) {
                        loop.callSoon(this::handOver);
                    }
                    unsent.add(data);
                }

                private void handOver() {
                    unsent.forEach(delegate::write);
                    unsent.clear();
                }

                @Override
                public long getWriteBufferSize() {
                    return delegate.getWriteBufferSize() + unsent.stream().mapToLong(data -> data.length).sum();
                }

                @Override
                public void close() {
                    unsent.clear();
                    delegate.close();
                }
            };
        }
    }

    /** EX-4: a connection made over an already-connected socket is not read. */
    static final class AdoptedSocketNotRead extends BrokenImplementation {
        AdoptedSocketNotRead() {
            super("EX-4", "create_connection(sock=...) starts with reading paused");
        }

        @Override
        StreamTransport adopted(StreamTransport reference, EventLoop loop) {
            reference.pauseReading();
            return reference;
        }
    }

    /** EX-5: closing the server does not stop it accepting connections. */
    static final class ServerCloseKeepsListening extends BrokenImplementation {
        ServerCloseKeepsListening() {
            super("EX-5", "Server.close() marks the server closed but leaves its socket listening");
        }

        @Override
        Server server(Server reference) {
            return new Delegating.Server(reference) {
                private volatile boolean closed;

                @Override
                public void close() {
                    closed = true;
                }

                @Override
                public CompletableFuture<Void> waitClosed() {
                    return closed ? CompletableFuture.completedFuture(null) : delegate.waitClosed();
                }

                @Override
                public boolean isServing() {
                    return !closed && delegate.isServing();
                }
            };
        }
    }

    /** EX-7: what the protocol sends in connection_made() is lost (the endpoint is "not ready yet"). */
    static final class DropsSendtoInConnectionMade extends BrokenImplementation {
        DropsSendtoInConnectionMade() {
            super("EX-7", "sendto() during connection_made() is dropped");
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                private boolean inConnectionMade;

                @Override
                public void connectionMade(DatagramTransport transport) {
                    inConnectionMade = true;
                    try {
                        delegate.connectionMade(new Delegating.Datagram(transport) {
                            @Override
                            public void sendto(byte[] data, SocketAddress addr) {
                                if (!inConnectionMade) {
                                    delegate.sendto(data, addr);
                                }
                            }
                        });
                    } finally {
                        inConnectionMade = false;
                    }
                }
            };
        }
    }
}
