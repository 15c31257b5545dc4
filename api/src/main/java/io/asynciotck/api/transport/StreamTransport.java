package io.asynciotck.api.transport;

/**
 * A bidirectional stream transport (TCP, TLS, a socket handed over with {@code sock=}): both a
 * {@link ReadTransport} and a {@link WriteTransport}, as asyncio's {@code Transport} class is.
 */
public interface StreamTransport extends ReadTransport, WriteTransport {
}
