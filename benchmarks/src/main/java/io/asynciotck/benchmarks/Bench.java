package io.asynciotck.benchmarks;

import io.asynciotck.benchmarks.load.Contender;
import io.asynciotck.benchmarks.load.IdleConnections;
import io.asynciotck.benchmarks.load.PingPong;
import io.asynciotck.benchmarks.load.ServerProcess;
import io.asynciotck.benchmarks.load.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The echo benchmark: every contender's server in a process of its own, all started at once and measured
 * one at a time by this process's load generator, interleaved (each round runs every point on every
 * contender, starting with a different contender each round), so that a machine's drift touches all of
 * them alike. Prints, and writes as Markdown, the throughput of each, the reference's ratio to each with
 * its spread over the rounds, the servers' allocation per request, a checked stream, and the heap per
 * idle connection. No result is judged: this is a measurement, not a test.
 */
@Command(name = "benchmarks.jar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The reference loop beside Netty 4.2 (NIO and epoll), a raw NIO loop, asyncio and uvloop:",
                "echo servers, one event-loop thread each, measured side by side.",
                "JMH micro-benchmarks: java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main"})
public final class Bench implements Callable<Integer> {

    static final String REFERENCE = "reference";

    @Option(names = "--contenders", split = ",", description = "Which servers (default: ${DEFAULT-VALUE}).",
            defaultValue = "reference,netty-nio,netty-epoll,raw-nio,asyncio,uvloop")
    List<String> contenders;

    @Option(names = "--rounds", description = "Measured rounds of every point (default: ${DEFAULT-VALUE}).", defaultValue = "9")
    int rounds;

    @Option(names = "--warmup-ms", description = "Warm-up before each measured window (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
    long warmupMillis;

    @Option(names = "--measure-ms", description = "Each measured window (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
    long measureMillis;

    @Option(names = "--stream-mib", description = "The checked stream's size in MiB (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
    long streamMib;

    @Option(names = "--idle-connections", description = "Connections for the heap per idle connection (default: ${DEFAULT-VALUE}).", defaultValue = "10000")
    int idleConnections;

    @Option(names = "--smoke", description = "A short run that only proves the benchmark works: 1 round of 200 ms windows, a 16 MiB stream, 500 idle connections.")
    boolean smoke;

    @Option(names = "--require-all", description = "Fail when a contender cannot start (by default it is left out, with the reason).")
    boolean requireAll;

    @Option(names = "--python", description = "The Python for asyncio and uvloop (default: $TCK_PYTHON, else python3).")
    String python;

    @Option(names = "--server-jvm-options", description = "Options of the Java servers' JVMs (default: ${DEFAULT-VALUE}).",
            defaultValue = "-Xms1g -Xmx1g -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled", split = " ")
    List<String> serverJvmOptions;

    @Option(names = "--out", description = "Where to write the Markdown results (default: ${DEFAULT-VALUE}).", defaultValue = "benchmarks/target/results.md")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            rounds = 1;
            warmupMillis = 200;
            measureMillis = 200;
            streamMib = 16;
            idleConnections = 500;
        }
        List<PingPong.Point> points = List.of(new PingPong.Point(1024, 10), new PingPong.Point(10 * 1024, 10),
                new PingPong.Point(100 * 1024, 10), new PingPong.Point(1024, 100));
        Results results = new Results(points);
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (Contender contender : contenders()) {
                try {
                    servers.add(ServerProcess.start(contender));
                } catch (IOException e) {
                    if (requireAll) {
                        throw e;
                    }
                    results.leftOut(contender.name(), e.getMessage());
                    System.out.println("left out: " + e.getMessage());
                }
            }
            if (servers.stream().noneMatch(s -> s.contender().name().equals(REFERENCE))) {
                System.err.println("the reference did not start: nothing to compare with");
                return 1;
            }
            System.out.println("warming up every server on every point");
            for (PingPong.Point point : points) {
                for (ServerProcess server : servers) {
                    PingPong.run(server, point, warmupMillis, warmupMillis);
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (PingPong.Point point : points) {
                    for (int i = 0; i < servers.size(); i++) {
                        ServerProcess server = servers.get((i + round) % servers.size());
                        PingPong.Result result = PingPong.run(server, point, warmupMillis, measureMillis);
                        results.add(point, server.contender().name(), result);
                        System.out.printf("round %d/%d  %-12s %-13s %,12.0f req/s%n", round + 1, rounds, point.label(),
                                server.contender().name(), result.perSecond());
                    }
                }
            }
            Stream stream = new Stream(streamMib << 20);
            for (int round = 0; round < Math.min(rounds, 3); round++) {
                for (int i = 0; i < servers.size(); i++) {
                    ServerProcess server = servers.get((i + round) % servers.size());
                    Stream.Result result = stream.run(server);
                    results.add(server.contender().name(), result);
                    System.out.printf("stream %d MiB  %-13s %,8.0f MB/s  SHA-256 %s%n", streamMib, server.contender().name(),
                            result.megabytesPerSecond(), result.digestMatches() ? "matches" : "DIFFERS: " + result.digest());
                }
            }
            for (ServerProcess server : servers) {
                double perConnection = IdleConnections.heapPerConnection(server, idleConnections);
                results.idle(server.contender().name(), perConnection);
                if (perConnection >= 0) {
                    System.out.printf("idle  %-13s %,8.0f B of heap per connection (%d connections)%n",
                            server.contender().name(), perConnection, idleConnections);
                }
            }
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
        }
        String markdown = results.markdown(rounds, warmupMillis, measureMillis, streamMib, idleConnections);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, markdown);
        System.out.println("written to " + out);
        return results.allStreamsMatch() ? 0 : 1;
    }

    private List<Contender> contenders() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        String pythonCommand = python != null ? python
                : System.getenv("TCK_PYTHON") != null ? System.getenv("TCK_PYTHON") : "python3";
        Map<String, Contender> known = new LinkedHashMap<>();
        for (String javaServer : List.of(REFERENCE, "netty-nio", "netty-epoll", "raw-nio")) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(serverJvmOptions);
            command.addAll(List.of("-cp", classpath, "io.asynciotck.benchmarks.server.EchoServer", javaServer));
            known.put(javaServer, new Contender(javaServer, true, command));
        }
        Path script = pythonScript();
        for (String loop : List.of("asyncio", "uvloop")) {
            known.put(loop, new Contender(loop, false, List.of(pythonCommand, script.toString(), loop)));
        }
        List<Contender> chosen = new ArrayList<>();
        for (String name : contenders) {
            Contender contender = known.get(name);
            if (contender == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown contender " + name + "; known: " + known.keySet());
            }
            chosen.add(contender);
        }
        return chosen;
    }

    private static Path pythonScript() throws IOException {
        Path script = Files.createTempFile("echo_server", ".py");
        script.toFile().deleteOnExit();
        try (InputStream in = Bench.class.getResourceAsStream("server/echo_server.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }
}
