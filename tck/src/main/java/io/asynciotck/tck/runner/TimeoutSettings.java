package io.asynciotck.tck.runner;

import io.asynciotck.tck.events.Timeouts;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the run's {@link Timeouts} come from, first found wins: the command-line flag
 * ({@code --timeout}, {@code --quiet}), the system property ({@code tck.timeout}, {@code tck.quiet}), the
 * environment variable ({@code TCK_TIMEOUT}, {@code TCK_QUIET}), {@link Timeouts#DEFAULTS}. Each wait
 * is resolved on its own.
 */
public final class TimeoutSettings {

    public static final String ARRIVAL_PROPERTY = "tck.timeout";
    public static final String QUIET_PROPERTY = "tck.quiet";
    public static final String ARRIVAL_ENV = "TCK_TIMEOUT";
    public static final String QUIET_ENV = "TCK_QUIET";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private TimeoutSettings() {
    }

    /**
     * Resolves both waits.
     *
     * @param arrivalFlag the {@code --timeout} value, null when not given
     * @param quietFlag   the {@code --quiet} value, null when not given
     * @param properties  system property lookup, such as {@code System::getProperty}
     * @param environment environment variable lookup, such as {@code System::getenv}
     * @throws ConfigurationException naming the property or variable whose value is not a duration
     */
    public static Timeouts resolve(Duration arrivalFlag, Duration quietFlag,
                                   Function<String, String> properties, Function<String, String> environment) {
        Duration arrival = pick(arrivalFlag, ARRIVAL_PROPERTY, ARRIVAL_ENV, Timeouts.DEFAULT_ARRIVAL, properties, environment);
        Duration quiet = pick(quietFlag, QUIET_PROPERTY, QUIET_ENV, Timeouts.DEFAULT_QUIET, properties, environment);
        return new Timeouts(arrival, quiet);
    }

    /**
     * Parses a positive duration: a number with a unit, {@code 500ms}, {@code 5s}, {@code 1.5s},
     * {@code 2m}; a bare number of milliseconds, {@code 500}; or ISO-8601, {@code PT5S}.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        Matcher simple = SIMPLE.matcher(value);
        if (simple.matches()) {
            double amount = Double.parseDouble(simple.group(1));
            String unit = simple.group(2) == null ? "ms" : simple.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                default -> amount * 60_000;
            };
            duration = Duration.ofNanos(Math.round(millis * 1_000_000));
        } else {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 5s, 2m)");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration");
        }
        return duration;
    }

    private static Duration pick(Duration flag, String property, String variable, Duration fallback,
                                 Function<String, String> properties, Function<String, String> environment) {
        if (flag != null) {
            return flag;
        }
        String fromProperty = properties.apply(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "system property " + property);
        }
        String fromEnvironment = environment.apply(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, "environment variable " + variable);
        }
        return fallback;
    }

    private static Duration parse(String text, String source) {
        try {
            return parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + ": " + e.getMessage());
        }
    }
}
