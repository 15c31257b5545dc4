package io.asynciotck.api.loop;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Objects;

/**
 * The {@code ssl=} of {@code create_server}: the server side of TLS connections.
 *
 * @param context                   the server's certificate and key, and the trust for client certificates
 * @param clientCertificateRequired whether a client must present a certificate the context trusts
 *                                  (asyncio's {@code verify_mode = CERT_REQUIRED} on the server)
 * @param protocols                 the protocol versions to enable; empty for the context's defaults
 */
public record ServerTls(SSLContext context, boolean clientCertificateRequired, List<String> protocols) {

    public ServerTls {
        Objects.requireNonNull(context, "context");
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
    }

    /** No client certificate, the context's default protocol versions. */
    public static ServerTls of(SSLContext context) {
        return new ServerTls(context, false, List.of());
    }
}
