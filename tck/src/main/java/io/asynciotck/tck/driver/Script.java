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
 * @param bare        no recording protocol at all: the protocol base class itself, overriding no
 *                    callback and recording nothing (rule PR-3); observed only through the wire, and
 *                    for a server's connections only
 */
public record Script(List<Reaction> reactions, Boolean eofReturns, List<Call> probes, boolean bare) {

    public static final Script PASSIVE = new Script(List.of(), null, List.of(), false);

    /** The protocol base class, overriding nothing. */
    public static final Script BARE = new Script(List.of(), null, List.of(), true);

    public Script {
        reactions = List.copyOf(reactions);
        probes = List.copyOf(probes);
        if (bare && (!reactions.isEmpty() || eofReturns != null || !probes.isEmpty())) {
            throw new IllegalArgumentException("a bare protocol has no reactions, eof_received result or probes");
        }
    }

    public Script(List<Reaction> reactions, Boolean eofReturns, List<Call> probes) {
        this(reactions, eofReturns, probes, false);
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
