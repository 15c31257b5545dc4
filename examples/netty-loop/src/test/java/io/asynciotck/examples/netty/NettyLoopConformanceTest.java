package io.asynciotck.examples.netty;

import io.asynciotck.tck.junit.AsyncioTransportsTck;

import java.nio.file.Path;

/**
 * The TCK against this implementation: all a vendor writes. {@code mvn verify} runs every scenario that
 * applies to the capabilities the provider declares, and fails exactly when {@code java -jar tck.jar}
 * would exit with anything but 0; the reports go to {@code target/asyncio-tck/netty/}.
 */
class NettyLoopConformanceTest extends AsyncioTransportsTck {

    @Override
    protected String implementation() {
        return "netty";
    }

    /** What Netty does differently from asyncio, each with Netty's source line. */
    @Override
    protected Path knownFailures() {
        return Path.of("src/test/resources/known-failures.txt");
    }
}
