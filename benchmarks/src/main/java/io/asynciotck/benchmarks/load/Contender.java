package io.asynciotck.benchmarks.load;

import java.util.List;

/**
 * An echo server the benchmark compares, and the command that starts it in a process of its own.
 *
 * @param name   as the tables show it
 * @param java   whether it runs in a JVM (and so reports allocation and heap)
 * @param command the process to start
 */
public record Contender(String name, boolean java, List<String> command) {

    public Contender {
        command = List.copyOf(command);
    }
}
