package io.asynciotck.api.spi;

/**
 * The kinds of transport an implementation offers. The TCK aborts, with a reason, the scenarios that
 * need a capability the implementation does not declare, rather than failing them.
 */
public enum Capability {
    /** TCP stream transports: {@code createConnection}, {@code createServer}. */
    TCP,
    /** UDP datagram transports: {@code createDatagramEndpoint}. */
    UDP,
    /** TLS stream transports. */
    TLS,
    /** Child processes: {@code subprocessExec}, {@code subprocessShell}. */
    SUBPROCESS,
    /** Arbitrary pipes: {@code connectReadPipe}, {@code connectWritePipe}. */
    PIPES
}
