package io.asynciotck.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * C blocking connections, each writing a request of N bytes and reading the whole echo back before the
 * next: the number of requests answered in the measured window, after a warm-up. Every echo is checked
 * against the request (its first and last byte, and its length).
 */
public final class PingPong {

    /** One benchmark point: the request size and the number of connections. */
    public record Point(int size, int connections) {
        public String label() {
            return (size % 1024 == 0 ? size / 1024 + " KiB" : size + " B") + ", C=" + connections;
        }
    }

    /** What one measured window gave. */
    public record Result(long requests, double seconds, long allocatedBytes) {
        public double perSecond() {
            return requests / seconds;
        }

        /** Bytes the server allocated per request, or -1 where not measured. */
        public double allocatedPerRequest() {
            return allocatedBytes < 0 || requests == 0 ? -1 : (double) allocatedBytes / requests;
        }
    }

    private PingPong() {
    }

    public static Result run(ServerProcess server, Point point, long warmupMillis, long measureMillis)
            throws IOException, InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < point.connections(); i++) {
                Socket socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
                sockets.add(socket);
            }
            return measure(server, sockets, point.size(), warmupMillis, measureMillis);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Result measure(ServerProcess server, List<Socket> sockets, int size, long warmupMillis, long measureMillis)
            throws IOException, InterruptedException {
        LongAdder requests = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(sockets.size());
        var phase = new java.util.concurrent.atomic.AtomicInteger(); // 0 warm-up, 1 measuring, 2 done
        List<Thread> threads = new ArrayList<>();
        for (Socket socket : sockets) {
            Thread thread = new Thread(() -> {
                byte[] request = new byte[size];
                Arrays.fill(request, (byte) 'x');
                request[0] = 'a';
                request[size - 1] = 'z';
                byte[] echo = new byte[size];
                started.countDown();
                try {
                    OutputStream out = socket.getOutputStream();
                    InputStream in = socket.getInputStream();
                    int p;
                    while ((p = phase.get()) < 2) {
                        out.write(request);
                        readFully(in, echo);
                        if (echo[0] != 'a' || echo[size - 1] != 'z') {
                            throw new IOException("the echo differs from the request");
                        }
                        if (p == 1) {
                            requests.increment();
                        }
                    }
                } catch (Throwable e) {
                    if (phase.get() < 2) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "ping-pong");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        started.await();
        Thread.sleep(warmupMillis); // a measurement window, not an ordering wait
        long allocatedBefore = server.allocated();
        long start = System.nanoTime();
        phase.set(1);
        Thread.sleep(measureMillis);
        long counted = requests.sum();
        long end = System.nanoTime();
        long allocatedAfter = server.allocated();
        phase.set(2);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        if (failure.get() != null) {
            throw new IOException(server.contender().name() + " failed the ping-pong: " + failure.get(), failure.get());
        }
        long allocated = allocatedBefore < 0 ? -1 : allocatedAfter - allocatedBefore;
        return new Result(counted, (end - start) / 1e9, allocated);
    }

    static void readFully(InputStream in, byte[] buffer) throws IOException {
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                throw new IOException("the server closed the connection after " + read + " of " + buffer.length + " bytes");
            }
            read += n;
        }
    }
}
