package io.asynciotck.selftest;

import java.util.List;
import java.util.stream.Stream;

/**
 * The broken implementations the self-test runs: each the reference with one small change, named after
 * what it does wrong, kept with the others of its spec section.
 */
final class Mutants {

    private Mutants() {
    }

    /** The slowest first (asyncio through its driver, then TLS), so that they do not end the self-test alone. */
    static final List<BrokenImplementation> ALL = Stream.of(BrokenAsyncio.ALL, TlsMutants.ALL, BaseTransportMutants.ALL,
                    ReadWriteTransportMutants.ALL, DatagramMutants.ALL, SubprocessMutants.ALL, ProtocolMutants.ALL,
                    FlowControlMutants.ALL, StateMutants.ALL, ExampleMutants.ALL)
            .flatMap(List::stream).toList();
}
