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

    static final List<BrokenImplementation> ALL = Stream.of(BaseTransportMutants.ALL, ReadWriteTransportMutants.ALL,
                    DatagramMutants.ALL, SubprocessMutants.ALL, ProtocolMutants.ALL, FlowControlMutants.ALL,
                    ExampleMutants.ALL, TlsMutants.ALL, BrokenAsyncio.ALL)
            .flatMap(List::stream).toList();
}
