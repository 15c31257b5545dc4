package io.asynciotck.tck.harness;

import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.tls.Identity;
import io.asynciotck.tck.tls.PemContexts;
import io.asynciotck.tck.tls.TestCertificates;

import javax.net.ssl.SSLContext;

/**
 * The TLS of one scenario's stream connections: which test certificate each side presents, who must
 * present one, the host name the implementation's client checks, the protocol version. The defaults
 * make a connection that succeeds: the TCK's peer and the implementation's server present the
 * {@code server} certificate, both sides trust the test CA, no client certificate, the client checks
 * the host it connects to, each side's default protocol versions.
 */
public final class TlsSetup {

    private final TestCertificates certificates = TestCertificates.shared();
    private Identity serverIdentity = certificates.server();
    private Identity clientIdentity;
    private boolean clientCertificateRequired;
    private boolean clientTrustsTestCa = true;
    private String serverHostname;
    private String implementationProtocol;
    private String peerProtocol;

    /** The certificate the server side presents: the TCK's TLS listener, or the implementation's server. */
    public void serverPresents(String certificateName) {
        serverIdentity = certificates.named(certificateName);
    }

    /** The certificate the client side presents (mutual TLS). */
    public void clientPresents(String certificateName) {
        clientIdentity = certificates.named(certificateName);
    }

    public void requireClientCertificate() {
        clientCertificateRequired = true;
    }

    /** The implementation's client trusts no CA at all (for an untrusted-certificate failure). */
    public void clientTrustsNothing() {
        clientTrustsTestCa = false;
    }

    /** The implementation's client's {@code server_hostname}; empty for no host name check. */
    public void serverHostname(String name) {
        serverHostname = name;
    }

    /** The one protocol version the implementation may use. */
    public void implementationProtocol(String protocol) {
        implementationProtocol = protocol;
    }

    /** The one protocol version the TCK's peer may use. */
    public void peerProtocol(String protocol) {
        peerProtocol = protocol;
    }

    /** Both sides use only {@code protocol}. */
    public void protocol(String protocol) {
        implementationProtocol = protocol;
        peerProtocol = protocol;
    }

    public String peerProtocol() {
        return peerProtocol;
    }

    public boolean clientCertificateRequired() {
        return clientCertificateRequired;
    }

    /** What the implementation's client is given for {@code create_connection(ssl=...)}. */
    public Values.TlsSpec implementationClient() {
        return new Values.TlsSpec(clientTrustsTestCa ? pem(certificates.ca()) : null,
                clientIdentity == null ? null : pem(clientIdentity), clientIdentity == null ? null : key(clientIdentity),
                serverHostname, implementationProtocol, false);
    }

    /** What the implementation's server is given for {@code create_server(ssl=...)}. */
    public Values.TlsSpec implementationServer() {
        return new Values.TlsSpec(clientCertificateRequired ? pem(certificates.ca()) : null, pem(serverIdentity),
                key(serverIdentity), null, implementationProtocol, clientCertificateRequired);
    }

    /** The context of the TCK's TLS listener: the server certificate, and trust for client certificates. */
    public SSLContext peerServerContext() {
        return PemContexts.of(new Values.TlsSpec(pem(certificates.ca()), pem(serverIdentity), key(serverIdentity),
                null, null, false));
    }

    /** The context of the TCK's TLS clients: trust in the test CA, and the client certificate if any. */
    public SSLContext peerClientContext() {
        return PemContexts.of(new Values.TlsSpec(pem(certificates.ca()),
                clientIdentity == null ? null : pem(clientIdentity), clientIdentity == null ? null : key(clientIdentity),
                null, null, false));
    }

    /** The subject of the certificate the server side presents, as {@code CN=localhost}. */
    public String serverSubject() {
        return serverIdentity.subject();
    }

    private static String pem(Identity identity) {
        return identity.certificatePem().toString();
    }

    private static String key(Identity identity) {
        return identity.keyPem().toString();
    }
}
