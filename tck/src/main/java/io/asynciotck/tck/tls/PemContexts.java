package io.asynciotck.tck.tls;

import io.asynciotck.tck.driver.Values;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A JDK {@link SSLContext} from the PEM files of a {@link Values.TlsSpec}: what an in-process
 * implementation is given, built the way a user of the Java API would build it.
 */
public final class PemContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private PemContexts() {
    }

    /**
     * The context of {@code spec}: its certificate and key as the key manager's, its CA as the only
     * trusted issuer (none trusted without one).
     *
     * @throws IllegalArgumentException naming the file that cannot be read or parsed
     */
    public static SSLContext of(Values.TlsSpec spec) {
        try {
            KeyManagerFactory keys = null;
            if (spec.certificate() != null) {
                KeyStore store = emptyStore();
                store.setKeyEntry("identity", privateKey(Path.of(spec.key())), NO_PASSWORD,
                        new Certificate[] {certificate(Path.of(spec.certificate()))});
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            }
            KeyStore trusted = emptyStore();
            if (spec.trustedCa() != null) {
                trusted.setCertificateEntry("ca", certificate(Path.of(spec.trustedCa())));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context from " + spec + ": " + e, e);
        }
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, NO_PASSWORD);
        return store;
    }

    private static Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
