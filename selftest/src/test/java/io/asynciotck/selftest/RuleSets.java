package io.asynciotck.selftest;

import java.util.Set;

/** Sets of rules that a broken implementation's documented superset often names. */
final class RuleSets {

    private RuleSets() {
    }

    /**
     * The rules of the stream scenarios (TCP): almost every one of them ends on "connection_lost is
     * called once with None" (or, for PR-5, waits for connection_lost), so a change to connection_lost()
     * fails them all.
     */
    static final Set<String> STREAM = Set.of("BT-1", "BT-2", "BT-3", "BT-4", "BT-5", "BT-6", "BT-7", "BT-8",
            "RT-1", "RT-2", "WT-1", "WT-2", "WT-3", "WT-4", "WT-5", "WT-6", "WT-7", "WT-8", "WT-9", "WT-10", "WT-11",
            "WT-14", "WT-15", "WT-16", "WT-17", "WT-18", "WT-19", "CB-1", "CB-2", "CB-3", "CB-4", "CB-5", "SP-1", "SP-2",
            "SP-4", "SP-5", "SP-6", "SP-7", "SP-10", "SP-11", "SP-12", "FC-1", "FC-2", "FC-3", "FC-4", "FC-5", "FC-6",
            "FC-7", "FC-8", "EX-1", "EX-2", "EX-3", "EX-4", "EX-5", "PR-5");
}
