package io.asynciotck.api.loop;

import io.asynciotck.api.protocol.BaseProtocol;
import io.asynciotck.api.transport.BaseTransport;

import java.util.Objects;

/**
 * The {@code (transport, protocol)} pair that asyncio's connection-creating calls return.
 *
 * @param <T> the transport type
 * @param <P> the protocol type
 */
public record Connection<T extends BaseTransport, P extends BaseProtocol<?>>(T transport, P protocol) {

    public Connection {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(protocol, "protocol");
    }
}
