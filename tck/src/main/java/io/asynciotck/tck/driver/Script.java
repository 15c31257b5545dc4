package io.asynciotck.tck.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour of a scripted recording protocol, as data: its reactions, what {@code eof_received}
 * returns, and the probes to take at every callback.
 *
 * @param reactions   performed when their callback happens
 * @param eofReturns  what {@code eof_received} returns; null means "not overridden": the protocol
 *                    base class's default implementation runs
 * @param probes      transport calls (such as {@code get_write_buffer_size()} or
 *                    {@code get_extra_info('peername')}) made at the start of every callback; their
 *                    results are recorded with the event, keyed by {@link Call#toString()}
 */
public record Script(List<Reaction> reactions, Boolean eofReturns, List<Call> probes) {

    public static final Script PASSIVE = new Script(List.of(), null, List.of());

    public Script {
        reactions = List.copyOf(reactions);
        probes = List.copyOf(probes);
    }

    public Script withReaction(Reaction reaction) {
        List<Reaction> all = new ArrayList<>(reactions);
        all.add(reaction);
        return new Script(all, eofReturns, probes);
    }

    public Script withEofReturns(Boolean value) {
        return new Script(reactions, value, probes);
    }

    public Script withProbe(Call probe) {
        List<Call> all = new ArrayList<>(probes);
        if (!all.contains(probe)) {
            all.add(probe);
        }
        return new Script(reactions, eofReturns, all);
    }
}
