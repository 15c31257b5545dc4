package io.asynciotck.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection streaming a large amount of data through the echo server, written by one thread and
 * read back by another, the echo checked by its SHA-256 against the digest of what was sent.
 */
public final class Stream {

    private static final int BLOCK = 1 << 20;

    /** What one stream gave. */
    public record Result(long bytes, double seconds, boolean digestMatches, String digest) {
        public double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    private final long bytes;
    private final byte[] block;
    private final byte[] expectedDigest;

    /** @param bytes how much to stream: a whole number of 1 MiB blocks of random bytes */
    public Stream(long bytes) {
        if (bytes <= 0 || bytes % BLOCK != 0) {
            throw new IllegalArgumentException("the stream is a whole number of MiB, not " + bytes + " bytes");
        }
        this.bytes = bytes;
        this.block = new byte[BLOCK];
        new SplittableRandom(20261207).nextBytes(block);
        MessageDigest sha = sha256();
        for (long sent = 0; sent < bytes; sent += BLOCK) {
            sha.update(block);
        }
        this.expectedDigest = sha.digest();
    }

    public Result run(ServerProcess server) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    for (long sent = 0; sent < bytes; sent += BLOCK) {
                        out.write(block);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "stream-writer");
            writer.setDaemon(true);
            long start = System.nanoTime();
            writer.start();
            MessageDigest sha = sha256();
            byte[] buffer = new byte[BLOCK];
            InputStream in = socket.getInputStream();
            long received = 0;
            while (received < bytes) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - received));
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                received += n;
            }
            long end = System.nanoTime();
            writer.join(60_000);
            if (failure.get() != null) {
                throw new IOException(server.contender().name() + " failed the stream: " + failure.get(), failure.get());
            }
            if (received < bytes) {
                throw new IOException(server.contender().name() + " closed the stream after " + received + " of " + bytes + " bytes");
            }
            byte[] digest = sha.digest();
            return new Result(bytes, (end - start) / 1e9, MessageDigest.isEqual(digest, expectedDigest),
                    HexFormat.of().formatHex(digest));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
