package io.asynciotck.tck.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The certificates of the TLS scenarios, made at run time with BouncyCastle (never committed): a test
 * CA, and signed by it a server certificate for {@code localhost} and {@code 127.0.0.1}, a client
 * certificate for mutual TLS, an expired server certificate and one for another host; plus a server
 * certificate from a CA nobody trusts. Keys are EC P-256, signatures SHA256withECDSA.
 *
 * <p>Each is also written as PEM files (certificate, and PKCS#8 key) into a private temporary folder,
 * for out-of-process implementations; the folder is removed when the JVM exits.
 */
public final class TestCertificates {

    private static volatile TestCertificates shared;
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path folder;
    private final Identity ca;
    private final Identity server;
    private final Identity client;
    private final Identity expired;
    private final Identity wrongHost;
    private final Identity untrusted;

    private TestCertificates() throws GeneralSecurityException, IOException, OperatorCreationException {
        folder = Files.createTempDirectory("asyncio-tck-certificates-");
        folder.toFile().deleteOnExit();
        Instant now = Instant.now();
        Instant notBefore = now.minus(Duration.ofDays(1));
        Instant notAfter = now.plus(Duration.ofDays(30));
        KeyPair caKeys = keyPair();
        ca = write("ca", caKeys, certificate("CN=asyncio TCK test CA", caKeys, "CN=asyncio TCK test CA", caKeys,
                notBefore, notAfter, Kind.CA, List.of()));
        server = signed("server", "CN=localhost", notBefore, notAfter, Kind.SERVER, LOCALHOST, caKeys);
        client = signed("client", "CN=asyncio TCK client", notBefore, notAfter, Kind.CLIENT, List.of(), caKeys);
        expired = signed("expired", "CN=localhost", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(2)),
                Kind.SERVER, LOCALHOST, caKeys);
        wrongHost = signed("wrong-host", "CN=wrong.example", notBefore, notAfter, Kind.SERVER,
                List.of(new GeneralName(GeneralName.dNSName, "wrong.example")), caKeys);
        KeyPair otherCa = keyPair();
        KeyPair untrustedKeys = keyPair();
        untrusted = write("untrusted", untrustedKeys, certificate("CN=localhost", untrustedKeys,
                "CN=a CA nobody trusts", otherCa, notBefore, notAfter, Kind.SERVER, LOCALHOST));
    }

    private static final List<GeneralName> LOCALHOST = List.of(
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"));

    /** The run's certificates, made on first use. */
    public static TestCertificates shared() {
        TestCertificates certificates = shared;
        if (certificates == null) {
            synchronized (TestCertificates.class) {
                certificates = shared;
                if (certificates == null) {
                    try {
                        certificates = new TestCertificates();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the test certificates: " + e.getMessage(), e);
                    } catch (GeneralSecurityException | OperatorCreationException e) {
                        throw new IllegalStateException("cannot make the test certificates: " + e, e);
                    }
                    shared = certificates;
                }
            }
        }
        return certificates;
    }

    /** The test CA, which every other certificate but {@link #untrusted()} is signed by. */
    public Identity ca() {
        return ca;
    }

    /** A server certificate valid for {@code localhost} and {@code 127.0.0.1}. */
    public Identity server() {
        return server;
    }

    /** A client certificate, for mutual TLS. */
    public Identity client() {
        return client;
    }

    /** A server certificate for {@code localhost} that expired two days ago. */
    public Identity expired() {
        return expired;
    }

    /** A server certificate for {@code wrong.example} only. */
    public Identity wrongHost() {
        return wrongHost;
    }

    /** A server certificate for {@code localhost} signed by a CA that nobody trusts. */
    public Identity untrusted() {
        return untrusted;
    }

    /** A certificate by its name: ca, server, client, expired, wrong-host, untrusted. */
    public Identity named(String name) {
        return switch (name) {
            case "ca" -> ca;
            case "server" -> server;
            case "client" -> client;
            case "expired" -> expired;
            case "wrong-host" -> wrongHost;
            case "untrusted" -> untrusted;
            default -> throw new IllegalArgumentException("no test certificate named '" + name
                    + "'; there are ca, server, client, expired, wrong-host, untrusted");
        };
    }

    private enum Kind { CA, SERVER, CLIENT }

    private Identity signed(String name, String subject, Instant notBefore, Instant notAfter, Kind kind,
                            List<GeneralName> names, KeyPair caKeys)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = keyPair();
        return write(name, keys, certificate(subject, keys, ca.certificate().getSubjectX500Principal().getName(), caKeys,
                notBefore, notAfter, kind, names));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               Instant notBefore, Instant notAfter, Kind kind, List<GeneralName> names)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name(subject), subjectKeys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        switch (kind) {
            case CA -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case SERVER -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            case CLIENT -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private Identity write(String name, KeyPair keys, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        Path certificatePem = folder.resolve(name + ".pem");
        Path keyPem = folder.resolve(name + "-key.pem");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        certificatePem.toFile().deleteOnExit();
        keyPem.toFile().deleteOnExit();
        return new Identity(name, certificate, keys.getPrivate(), certificatePem, keyPem);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
