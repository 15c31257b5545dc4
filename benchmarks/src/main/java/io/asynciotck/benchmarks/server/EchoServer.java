package io.asynciotck.benchmarks.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * One echo server in a process of its own, as the load generator starts it:
 * {@code java -cp benchmarks.jar io.asynciotck.benchmarks.server.EchoServer KIND}. It listens on a free
 * loopback port, prints {@code listening PORT}, then answers commands on its standard input, one per
 * line, until the end of it:
 * <ul>
 *   <li>{@code allocated}: {@code allocated B}, the bytes every thread of this JVM has allocated so far;</li>
 *   <li>{@code heap}: {@code heap H}, the heap in use after full collections.</li>
 * </ul>
 * Every echo server echoes each connection's bytes back as they come, stops reading a connection while
 * its outgoing buffer is over its high-water mark, and uses one event-loop thread.
 */
public final class EchoServer {

    /** An echo server of one kind. */
    interface Echo {
        /** Starts listening on 127.0.0.1 and returns the port. */
        int start() throws Exception;

        void stop() throws Exception;
    }

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: EchoServer reference|netty-nio|netty-epoll|raw-nio");
            System.exit(2);
        }
        Echo echo = switch (args[0]) {
            case "reference" -> new ReferenceEcho();
            case "netty-nio" -> NettyEcho.nio();
            case "netty-epoll" -> NettyEcho.epoll();
            case "raw-nio" -> new RawNioEcho();
            default -> throw new IllegalArgumentException("unknown echo server " + args[0]);
        };
        int port = echo.start();
        System.out.println("listening " + port);
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.equals("allocated")) {
                System.out.println("allocated " + allocatedBytes());
            } else if (command.equals("heap")) {
                System.out.println("heap " + heapAfterCollection());
            } else {
                System.out.println("error unknown command " + command);
            }
            System.out.flush();
        }
        echo.stop();
        System.exit(0);
    }

    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getTotalThreadAllocatedBytes();
    }

    private static long heapAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
