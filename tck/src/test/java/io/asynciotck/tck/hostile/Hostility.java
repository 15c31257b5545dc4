package io.asynciotck.tck.hostile;

/** How {@link HostileProvider}'s loops misbehave. */
public enum Hostility {
    /** None: the reference itself. */
    NONE,
    /** {@code System.exit(0)} in its first {@code create_connection}. */
    EXIT,
    /** {@code Runtime.halt(0)} in its first {@code create_connection}: no shutdown hook runs. */
    HALT,
    /** In its first {@code create_connection}, stops its whole JVM with SIGSTOP: nothing moves any more. */
    FREEZES_THE_JVM,
    /** In its first {@code create_connection}, stops every other thread of the JVM and then its own. */
    KILL_THREADS,
    /** Never completes a connection-making call: every such future stays pending. */
    NEVER_ANSWERS,
    /** Blocks forever, deaf to interrupts, in {@code create_connection} itself, on the caller's thread. */
    BLOCKS_IN_CALL,
    /** Its loop never runs a callback and cannot be stopped: {@code run_forever()} blocks, deaf to interrupts. */
    WEDGED,
    /** Its stream transports block forever in {@code write()}, deaf to interrupts. */
    BLOCKS_IN_WRITE,
    /** Throws from every call the TCK makes on the loop. */
    THROWS,
    /** Calls every protocol callback on a thread of its own, without waiting for the one before. */
    FOREIGN_THREADS
}
