package io.asynciotck.benchmarks;

import io.asynciotck.benchmarks.load.PingPong;
import io.asynciotck.benchmarks.load.Spread;
import io.asynciotck.benchmarks.load.Stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Every measurement of a run, in round order, and the Markdown tables made of them. */
final class Results {

    private final List<PingPong.Point> points;
    private final Map<PingPong.Point, Map<String, List<PingPong.Result>>> pingPongs = new LinkedHashMap<>();
    private final Map<String, List<Stream.Result>> streams = new LinkedHashMap<>();
    private final Map<String, Double> idle = new LinkedHashMap<>();
    private final Map<String, String> leftOut = new LinkedHashMap<>();
    private final List<String> contenders = new ArrayList<>();

    Results(List<PingPong.Point> points) {
        this.points = List.copyOf(points);
    }

    void add(PingPong.Point point, String contender, PingPong.Result result) {
        if (!contenders.contains(contender)) {
            contenders.add(contender);
            contenders.sort((a, b) -> a.equals(Bench.REFERENCE) ? -1 : b.equals(Bench.REFERENCE) ? 1 : 0);
        }
        pingPongs.computeIfAbsent(point, p -> new LinkedHashMap<>()).computeIfAbsent(contender, c -> new ArrayList<>()).add(result);
    }

    void add(String contender, Stream.Result result) {
        streams.computeIfAbsent(contender, c -> new ArrayList<>()).add(result);
    }

    void idle(String contender, double heapPerConnection) {
        idle.put(contender, heapPerConnection);
    }

    void leftOut(String contender, String reason) {
        leftOut.put(contender, reason);
    }

    boolean allStreamsMatch() {
        return streams.values().stream().flatMap(List::stream).allMatch(Stream.Result::digestMatches);
    }

    String markdown(int rounds, long warmupMillis, long measureMillis, long streamMib, int idleConnections) {
        List<String> others = contenders.stream().filter(c -> !c.equals(Bench.REFERENCE)).toList();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Echo servers, one event-loop thread each, %d rounds of %d ms windows after %d ms of warm-up, %d cores, %s %s.%n%n",
                rounds, measureMillis, warmupMillis, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version")));

        md.append("**The reference ÷ each contender** (requests per second; the median of the per-round ratios, with their least and greatest):\n\n");
        table(md, "point", others.stream().map(c -> "÷ " + c).toList(), point -> others.stream().map(c -> {
            List<Double> ref = values(point, Bench.REFERENCE, PingPong.Result::perSecond);
            return Spread.ofRatios(ref, values(point, c, PingPong.Result::perSecond)).ratioText();
        }).toList());

        md.append("\n**Requests per second** (median):\n\n");
        table(md, "point", contenders, point -> contenders.stream()
                .map(c -> String.format(Locale.ROOT, "%,.0f", Spread.of(values(point, c, PingPong.Result::perSecond)).median())).toList());

        List<String> measured = contenders.stream()
                .filter(c -> values(points.get(0), c, PingPong.Result::allocatedPerRequest).get(0) >= 0).toList();
        md.append("\n**Bytes the server allocates per request** (median; JVM servers):\n\n");
        table(md, "point", measured, point -> measured.stream()
                .map(c -> bytesText(Spread.of(values(point, c, PingPong.Result::allocatedPerRequest)).median())).toList());

        if (!streams.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n**One connection streaming %d MiB** through the echo, checked by SHA-256 (MB/s, median; ratio: the reference ÷ the contender):%n%n", streamMib));
            md.append("| server | MB/s | ratio | SHA-256 |\n|---|---:|---:|---|\n");
            for (String c : contenders) {
                List<Stream.Result> results = streams.getOrDefault(c, List.of());
                if (results.isEmpty()) {
                    continue;
                }
                List<Double> rates = results.stream().map(Stream.Result::megabytesPerSecond).toList();
                List<Double> ref = streams.get(Bench.REFERENCE).stream().map(Stream.Result::megabytesPerSecond).toList();
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", c, Spread.of(rates).median(),
                        c.equals(Bench.REFERENCE) ? "" : Spread.ofRatios(ref, rates).ratioText(),
                        results.stream().allMatch(Stream.Result::digestMatches) ? "matches" : "**differs**"));
            }
        }

        if (idle.values().stream().anyMatch(v -> v >= 0)) {
            md.append(String.format(Locale.ROOT, "%n**Heap per idle connection** (%,d connections, after full collections):%n%n", idleConnections));
            md.append("| server | bytes |\n|---|---:|\n");
            idle.forEach((c, v) -> {
                if (v >= 0) {
                    md.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", c, v));
                }
            });
        }
        if (!leftOut.isEmpty()) {
            md.append("\nLeft out:\n\n");
            leftOut.forEach((c, reason) -> md.append("- ").append(c).append(": ").append(reason.lines().findFirst().orElse("")).append('\n'));
        }
        return md.toString();
    }

    /** Whole bytes, or one decimal under 10 (the JVM's own background allocation, spread over the requests). */
    private static String bytesText(double bytes) {
        return String.format(Locale.ROOT, bytes < 10 ? "%.1f" : "%,.0f", bytes);
    }

    private List<Double> values(PingPong.Point point, String contender, ToDoubleFunction<PingPong.Result> metric) {
        return pingPongs.getOrDefault(point, Map.of()).getOrDefault(contender, List.of()).stream()
                .map(metric::applyAsDouble).toList();
    }

    private void table(StringBuilder md, String first, List<String> columns, java.util.function.Function<PingPong.Point, List<String>> row) {
        md.append("| ").append(first);
        columns.forEach(c -> md.append(" | ").append(c));
        md.append(" |\n|---");
        columns.forEach(c -> md.append("|---:"));
        md.append("|\n");
        for (PingPong.Point point : points) {
            md.append("| ").append(point.label());
            row.apply(point).forEach(cell -> md.append(" | ").append(cell));
            md.append(" |\n");
        }
    }
}
