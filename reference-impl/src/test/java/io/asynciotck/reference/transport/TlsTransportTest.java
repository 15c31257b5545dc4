package io.asynciotck.reference.transport;

import io.asynciotck.api.loop.ClientTls;
import io.asynciotck.api.loop.Connection;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.loop.ServerTls;
import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.api.transport.StreamTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TLS transport against JDK TLS sockets, with a self-signed certificate for localhost and
 * 127.0.0.1 made by the JDK's own {@code keytool} (a real child process) when the class starts.
 */
class TlsTransportTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static Path folder;
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private LoopRunner runner;

    @BeforeAll
    static void makeCertificate() throws Exception {
        folder = Files.createTempDirectory("tls-transport-test");
        Path keystore = folder.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, PASSWORD);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void removeCertificate() throws IOException {
        Files.deleteIfExists(folder.resolve("server.p12"));
        Files.deleteIfExists(folder);
    }

    @BeforeEach
    void startLoop() throws InterruptedException {
        runner = new LoopRunner();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        runner.close();
        assertThat(runner.reported).isEmpty();
    }

    /** A JDK TLS server that echoes one connection until its end, then closes it. */
    private static SSLServerSocket echoServer(CompletableFuture<Void> done) throws IOException {
        SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream();
                 OutputStream out = socket.getOutputStream()) {
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopRunner.TIMEOUT_SECONDS));
                in.transferTo(out);
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        }, "tls-echo-server");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    @Test
    void aClientConnectionEchoesThenClosesWithCloseNotify() throws Exception {
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        try (SSLServerSocket server = echoServer(serverDone)) {
            RecordingProtocol protocol = new RecordingProtocol() {
                @Override
                void onMade(StreamTransport transport) {
                    transport.write("ping".getBytes(StandardCharsets.US_ASCII));
                }
            };
            Connection<StreamTransport, RecordingProtocol> connection = LoopRunner.await(runner.loop.createConnection(
                    () -> protocol, "127.0.0.1", server.getLocalPort(), ClientTls.of(clientContext)));
            assertThat(new String(protocol.awaitReceived(4), StandardCharsets.US_ASCII)).isEqualTo("ping");

            StreamTransport transport = connection.transport();
            assertThat(runner.call(transport::canWriteEof)).isFalse();
            assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.CIPHER))).isInstanceOfSatisfying(
                    ExtraInfo.CipherInfo.class, cipher -> assertThat(cipher.secretBits()).isPositive());
            assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.PEERCERT))).isNotNull();
            assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.SSLCONTEXT))).isSameAs(clientContext);
            assertThat(runner.call(() -> transport.getExtraInfo(ExtraInfo.COMPRESSION, "default"))).isNull();
            assertThatThrownBy(() -> runner.run(transport::writeEof))
                    .hasCauseInstanceOf(UnsupportedOperationException.class);

            runner.run(transport::close);
            assertThat(LoopRunner.await(protocol.lost)).isNull();
            LoopRunner.await(serverDone); // the server read the close_notify as its end of stream
            assertThat(protocol.events()).containsExactly("made", "data", "lost");
        }
    }

    @Test
    void writeKeepsACopyOfWhatItCannotEncryptAtOnceSoThatTheCallerMayChangeTheArray() throws Exception {
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        try (SSLServerSocket server = echoServer(serverDone)) {
            RecordingProtocol protocol = new RecordingProtocol();
            Connection<StreamTransport, RecordingProtocol> connection = LoopRunner.await(runner.loop.createConnection(
                    () -> protocol, "127.0.0.1", server.getLocalPort(), ClientTls.of(clientContext)));
            StreamTransport transport = connection.transport();
            byte[] payload = new byte[32 * 1024 * 1024]; // more than the sockets hold: the TCP transport beneath pauses
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31 + (i >>> 8));
            }
            byte[] reused = payload.clone();
            long buffered = runner.call(() -> {
                transport.write(reused);
                java.util.Arrays.fill(reused, (byte) 0);
                return transport.getWriteBufferSize();
            });
            assertThat(buffered).as("part of the write waited as plaintext").isPositive();
            assertThat(protocol.awaitReceived(payload.length)).isEqualTo(payload);
            runner.run(transport::close);
            assertThat(LoopRunner.await(protocol.lost)).isNull();
        }
    }

    @Test
    void anUntrustedServerFailsTheFutureWithoutAnyCallback() throws Exception {
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, PASSWORD);
        tmf.init(empty);
        trustsNothing.init(null, tmf.getTrustManagers(), null);
        AtomicInteger created = new AtomicInteger();
        try (SSLServerSocket server = echoServer(new CompletableFuture<>())) {
            CompletableFuture<Connection<StreamTransport, RecordingProtocol>> future = runner.loop.createConnection(
                    () -> {
                        created.incrementAndGet();
                        return new RecordingProtocol();
                    }, "127.0.0.1", server.getLocalPort(), ClientTls.of(trustsNothing));
            assertThatThrownBy(() -> LoopRunner.await(future)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(created).hasValue(0);
        }
    }

    @Test
    void aWrongHostNameFailsTheHandshake() throws Exception {
        try (SSLServerSocket server = echoServer(new CompletableFuture<>())) {
            CompletableFuture<?> future = runner.loop.createConnection(RecordingProtocol::new, "127.0.0.1",
                    server.getLocalPort(), new ClientTls(clientContext, "example.org", List.of()));
            assertThatThrownBy(() -> LoopRunner.await(future)).hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aServerDropsAPlainTextClientAndServesTheNextOne() throws Exception {
        List<RecordingProtocol> protocols = new java.util.concurrent.CopyOnWriteArrayList<>();
        Server server = LoopRunner.await(runner.loop.createServer(() -> {
            RecordingProtocol protocol = new RecordingProtocol() {
                @Override
                void onData(byte[] data) {
                    transport.write(data);
                }
            };
            protocols.add(protocol);
            return protocol;
        }, "127.0.0.1", 0, ServerTls.of(serverContext)));
        InetSocketAddress address = server.addresses().get(0);
        try (Socket plain = new Socket(address.getAddress(), address.getPort())) {
            plain.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopRunner.TIMEOUT_SECONDS));
            plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(plain.getInputStream().readAllBytes().length).as("a TLS alert at most").isLessThan(100);
        } catch (IOException reset) {
            // dropped with a reset: as good as a close
        }
        try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket(address.getAddress(), address.getPort())) {
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopRunner.TIMEOUT_SECONDS));
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(protocols).hasSize(1);
        runner.run(server::close);
    }
}
