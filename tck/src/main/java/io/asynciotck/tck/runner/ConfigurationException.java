package io.asynciotck.tck.runner;

/**
 * The run is misconfigured: a bad option value, a missing file, an unknown rule ID, an unreadable rules
 * catalogue. The command line reports the message on one line and exits with
 * {@link Verdict#USAGE_ERROR}.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
