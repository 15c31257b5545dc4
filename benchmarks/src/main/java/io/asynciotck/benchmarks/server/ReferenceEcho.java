package io.asynciotck.benchmarks.server;

import io.asynciotck.api.loop.EventLoop;
import io.asynciotck.api.loop.Server;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.spi.EventLoopProvider;
import io.asynciotck.api.transport.StreamTransport;

import java.nio.ByteBuffer;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference loop, found through {@link ServiceLoader} and used through the public API only, as an
 * application would: a protocol that writes back what it receives and pauses reading while writing is
 * paused (asyncio's flow control, as in its documentation's examples). It takes the API's optional
 * {@code ByteBuffer} fast path ({@code Protocol.dataReceived(ByteBuffer)}, {@code WriteTransport.write(ByteBuffer)}),
 * as an application that cares for speed would.
 */
final class ReferenceEcho implements EchoServer.Echo {

    private EventLoop loop;
    private Thread thread;
    private Server server;

    @Override
    public int start() throws Exception {
        EventLoopProvider provider = ServiceLoader.load(EventLoopProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("reference"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no reference EventLoopProvider on the class path"));
        loop = provider.newEventLoop();
        thread = new Thread(loop::runForever, "reference-loop");
        thread.start();
        CompletableFuture<Server> created = new CompletableFuture<>();
        loop.callSoon(() -> loop.createServer(Echo::new, "127.0.0.1", 0, 1024).whenComplete((s, e) -> {
            if (e != null) {
                created.completeExceptionally(e);
            } else {
                created.complete(s);
            }
        }));
        server = created.get(10, TimeUnit.SECONDS);
        return server.addresses().get(0).getPort();
    }

    @Override
    public void stop() throws Exception {
        loop.callSoon(() -> {
            server.close();
            loop.stop();
        });
        thread.join(10_000);
    }

    /** Echoes, and reads no more while the transport's buffer is over its high-water mark. */
    static final class Echo implements Protocol<StreamTransport> {
        private StreamTransport transport;

        @Override
        public void connectionMade(StreamTransport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        /** The API's optional fast path: the loop's buffer, written back without an array in between. */
        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }
}
