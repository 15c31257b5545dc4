package io.asynciotck.api.loop;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Objects;

/**
 * The {@code ssl=} and {@code server_hostname=} of {@code create_connection}: the client side of a TLS
 * connection.
 *
 * @param context        the keys and trust of the connection (for mutual TLS, a key manager with the
 *                       client's certificate)
 * @param serverHostname the name the server's certificate must match, also sent as SNI when it is not
 *                       an IP address; null for the host passed to {@code createConnection}; the empty
 *                       string for no host name check, as asyncio's {@code server_hostname=''}
 * @param protocols      the protocol versions to enable, such as {@code TLSv1.3}; empty for the
 *                       context's defaults
 */
public record ClientTls(SSLContext context, String serverHostname, List<String> protocols) {

    public ClientTls {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
    }

    /** The context's defaults, the host name checked against the host connected to. */
    public static ClientTls of(SSLContext context) {
        return new ClientTls(context, null, List.of());
    }
}
