package io.asynciotck.tck.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * One test certificate with its private key, in memory and as PEM files.
 *
 * @param name           how scenarios and the driver protocol name it ({@code server}, {@code client}...)
 * @param certificatePem the certificate, PEM
 * @param keyPem         the private key, PKCS#8 PEM
 */
public record Identity(String name, X509Certificate certificate, PrivateKey key, Path certificatePem, Path keyPem) {

    /** The certificate's subject, as {@code CN=localhost}. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }
}
