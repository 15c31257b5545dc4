package io.asynciotck.selftest;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.protocol.DatagramProtocol;
import io.asynciotck.api.transport.DatagramTransport;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Broken implementations of the DatagramTransport and DatagramProtocol rules (DT, DP). */
final class DatagramMutants {

    private DatagramMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new SendtoIgnoresTheAddress(),
            new SendtoOnAConnectedEndpointSendsToItsRemoteAddress(),
            new SendtoWithoutAddressDropped(),
            new DatagramWithoutAddress(),
            new ErrorReceivedDropped(),
            new DropsBeyondABurstOf64(),
            new DatagramAbortTakesEffectLate(),
            new DatagramAbortIsAnError());

    /** DT-1: sendto(data, addr) ignores addr. */
    static final class SendtoIgnoresTheAddress extends BrokenImplementation {
        SendtoIgnoresTheAddress() {
            super("DT-1", "sendto(data, addr) sends as sendto(data)");
            alsoBreaks("the scenarios that reply with sendto(data, addr) or check where datagrams come from send nowhere",
                    Set.of("BT-8", "EX-8"));
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    delegate.sendto(data, null);
                }
            };
        }
    }

    /**
     * DT-1 (stance S-7): on an endpoint connected to a remote address, sendto(data, addr) with another
     * address silently sends to the remote address instead of refusing addr or sending to it.
     */
    static final class SendtoOnAConnectedEndpointSendsToItsRemoteAddress extends BrokenImplementation {
        SendtoOnAConnectedEndpointSendsToItsRemoteAddress() {
            super("DT-1", "sendto(data, addr) on a connected endpoint sends to its remote address, whatever addr is");
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    Object remote = delegate.getExtraInfo("peername", null);
                    delegate.sendto(data, remote != null ? null : addr);
                }
            };
        }
    }

    /** DT-2: sendto(data) without an address is dropped. */
    static final class SendtoWithoutAddressDropped extends BrokenImplementation {
        SendtoWithoutAddressDropped() {
            super("DT-2", "sendto(data) without an address does nothing");
            alsoBreaks("their scenarios send on a connected endpoint without an address (PR-5's, to provoke error_received())",
                    Set.of("EX-7", "DT-3", "DP-2", "BT-3", "PR-5"));
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    if (addr != null) {
                        delegate.sendto(data, addr);
                    }
                }
            };
        }
    }

    /** DP-1: datagram_received() without the sender's address. */
    static final class DatagramWithoutAddress extends BrokenImplementation {
        DatagramWithoutAddress() {
            super("DP-1", "datagram_received(data, None)");
            alsoBreaks("the scenarios that reply to the sender or check where datagrams come from need the address",
                    Set.of("EX-8", "DT-1", "DT-2", "DT-3", "DT-4", "DT-5", "BT-6", "BT-8", "DP-2"));
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                @Override
                public void datagramReceived(byte[] data, SocketAddress addr) {
                    delegate.datagramReceived(data, null);
                }
            };
        }
    }

    /** DP-2: error_received() is never called. */
    static final class ErrorReceivedDropped extends BrokenImplementation {
        ErrorReceivedDropped() {
            super("DP-2", "error_received() is dropped");
            alsoBreaks("PR-5's datagram scenario waits for error_received() before it checks the threads", Set.of("PR-5"));
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                @Override
                public void errorReceived(java.io.IOException exc) {
                }
            };
        }
    }

    /** DT-3: sendto() does not buffer: a burst beyond a fixed queue of 64 datagrams is dropped. */
    static final class DropsBeyondABurstOf64 extends BrokenImplementation {
        DropsBeyondABurstOf64() {
            super("DT-3", "sendto() drops every datagram after the 64th of a burst (calls less than 50 ms apart)");
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference) {
            return new Delegating.Datagram(reference) {
                private long last;
                private int burst;

                @Override
                public void sendto(byte[] data, SocketAddress addr) {
                    long now = System.nanoTime();
                    burst = now - last < 50_000_000L ? burst + 1 : 1;
                    last = now;
                    if (burst <= 64) {
                        delegate.sendto(data, addr);
                    }
                }
            };
        }
    }

    /** DT-4: abort() acts on a later loop turn, and datagrams that arrive before are still delivered. */
    static final class DatagramAbortTakesEffectLate extends BrokenImplementation {
        DatagramAbortTakesEffectLate() {
            super("DT-4", "abort() takes effect 300 ms later; datagrams arriving meanwhile are delivered");
        }

        @Override
        DatagramTransport datagram(DatagramTransport reference, EventLoop loop) {
            return new Delegating.Datagram(reference) {
                @Override
                public void abort() {
                    loop.callLater(BaseTransportMutants.LATE, delegate::abort);
                }
            };
        }
    }

    /** DT-5: abort() ends the endpoint with an error. */
    static final class DatagramAbortIsAnError extends BrokenImplementation {
        DatagramAbortIsAnError() {
            super("DT-5", "abort() ends with connection_lost(ConnectionAbortedError) instead of None");
        }

        @Override
        DatagramProtocol datagramCallbacks(DatagramProtocol application, Supplier<? extends DatagramProtocol> factory) {
            return new Delegating.DatagramCallbacks(application) {
                private boolean aborted;

                @Override
                public void connectionMade(DatagramTransport transport) {
                    delegate.connectionMade(new Delegating.Datagram(transport) {
                        @Override
                        public void abort() {
                            aborted = true;
                            delegate.abort();
                        }
                    });
                }

                @Override
                public void connectionLost(Exception exc) {
                    delegate.connectionLost(aborted && exc == null ? new IOException("ConnectionAbortedError") : exc);
                }
            };
        }
    }
}
