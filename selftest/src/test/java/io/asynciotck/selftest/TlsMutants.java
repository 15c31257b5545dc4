package io.asynciotck.selftest;

import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;

import java.util.List;

/**
 * Broken implementations of the TLS rules (BT-10 to BT-13, WT-20, SP-8). Each runs the TLS scenarios
 * only: the TLS feature and the stream features' TLS variants, on the implementation's client connections
 * (the changes are to every stream transport, as {@link BrokenImplementation#selection()} explains).
 */
final class TlsMutants {

    private TlsMutants() {
    }

    static final List<BrokenImplementation> ALL = List.of(
            new CompressionIsABoolean(),
            new CipherVersionIsAlwaysTls13(),
            new NoPeercert(),
            new NoSslcontext(),
            new SslcontextIsTheParameters(),
            new ClaimsWriteEof(),
            new EofTrueKeepsTlsOpen());

    /** A change only TLS transports can show. */
    abstract static class OverTls extends BrokenImplementation {
        OverTls(String rule, String change) {
            super(rule, change);
        }

        @Override
        String selection() {
            return "@tls and not @accepted";
        }
    }

    /** BT-10: "compression" is neither None nor a name. */
    static final class CompressionIsABoolean extends OverTls {
        CompressionIsABoolean() {
            super("BT-10", "get_extra_info('compression') is False when the connection is not compressed");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "compression",
                    (info, defaultValue) -> info == null ? Boolean.FALSE : info);
        }
    }

    /** BT-11: "cipher" names a protocol version the connection does not use. */
    static final class CipherVersionIsAlwaysTls13 extends OverTls {
        CipherVersionIsAlwaysTls13() {
            super("BT-11", "get_extra_info('cipher') always gives TLSv1.3 as the protocol version");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "cipher", (info, defaultValue) -> info instanceof ExtraInfo.CipherInfo cipher
                    ? new ExtraInfo.CipherInfo(cipher.name(), "TLSv1.3", cipher.secretBits()) : info);
        }
    }

    /** BT-12: "peercert" is never filled in. */
    static final class NoPeercert extends OverTls {
        NoPeercert() {
            super("BT-12", "get_extra_info('peercert') is None even when the peer presented a certificate");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "peercert", (info, defaultValue) -> null);
        }
    }

    /** BT-13: "sslcontext" is an object, but not an SSL context. */
    static final class SslcontextIsTheParameters extends OverTls {
        SslcontextIsTheParameters() {
            super("BT-13", "get_extra_info('sslcontext') is the connection's SSLParameters, not its SSLContext");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "sslcontext", (info, defaultValue) ->
                    info instanceof javax.net.ssl.SSLContext context ? context.getDefaultSSLParameters() : info);
        }
    }

    /** BT-13: "sslcontext" is missing. */
    static final class NoSslcontext extends OverTls {
        NoSslcontext() {
            super("BT-13", "get_extra_info('sslcontext') is None");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return Delegating.replacingInfo(reference, "sslcontext", (info, defaultValue) -> null);
        }
    }

    /** WT-20: a TLS transport claims it can half-close. */
    static final class ClaimsWriteEof extends OverTls {
        ClaimsWriteEof() {
            super("WT-20", "can_write_eof() is True on a TLS transport (write_eof() still raises)");
        }

        @Override
        StreamTransport stream(StreamTransport reference) {
            return new Delegating.Stream(reference) {
                @Override
                public boolean canWriteEof() {
                    return true;
                }
            };
        }
    }

    /**
     * SP-8: eof_received() returning true keeps a TLS connection open, as the application sees it:
     * connection_lost() is held back until the application closes the transport.
     */
    static final class EofTrueKeepsTlsOpen extends OverTls {
        EofTrueKeepsTlsOpen() {
            super("SP-8", "after eof_received() returned true, connection_lost() waits for the application's close()");
        }

        @Override
        Protocol<? super StreamTransport> streamCallbacks(Protocol<? super StreamTransport> application) {
            return new Delegating.StreamCallbacks(application) {
                private boolean keptOpen;
                private boolean closedByTheApplication;
                private boolean lost;
                private Exception lostWith;

                @Override
                public void connectionMade(StreamTransport transport) {
                    delegate.connectionMade(new Delegating.Stream(transport) {
                        @Override
                        public void close() {
                            closedByTheApplication = true;
                            delegate.close();
                            if (lost) {
                                lost = false;
                                tellTheApplication(lostWith);
                            }
                        }
                    });
                }

                @Override
                public boolean eofReceived() {
                    keptOpen = delegate.eofReceived();
                    return keptOpen;
                }

                @Override
                public void connectionLost(Exception exc) {
                    if (keptOpen && !closedByTheApplication) {
                        lost = true;
                        lostWith = exc;
                        return;
                    }
                    tellTheApplication(exc);
                }

                private void tellTheApplication(Exception exc) {
                    delegate.connectionLost(exc);
                }
            };
        }
    }
}
