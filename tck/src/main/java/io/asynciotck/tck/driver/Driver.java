package io.asynciotck.tck.driver;

import io.asynciotck.tck.events.EventLog;

import java.util.Set;

/**
 * The driver-neutral layer between the TCK and an implementation: the features never see anything
 * else. One driver serves a whole run; each scenario opens its own {@link DriverSession}.
 */
public interface Driver extends AutoCloseable {

    /** The implementation's name, as used in report paths ({@code reports/<name>/}). */
    String implementationName();

    /**
     * The implementation in words for the reports, such as the language version and the loop class;
     * by default its name.
     */
    default String description() {
        return implementationName();
    }

    /**
     * The runtime the implementation runs on, as known-failure entries scoped with {@code [on RUNTIME]}
     * name it: {@code cpython-3.11.2}, {@code pypy-3.9.16}, {@code java-17.0.15}; empty when unknown.
     */
    default String runtime() {
        return "";
    }

    /** Lower-case capability names the implementation offers: {@code tcp}, {@code udp}, {@code tls}, {@code subprocess}, {@code pipes}. */
    Set<String> capabilities();

    /**
     * A fresh event loop for one scenario; every protocol callback it makes is appended to {@code log}.
     */
    DriverSession openSession(EventLog log);

    @Override
    void close();
}
