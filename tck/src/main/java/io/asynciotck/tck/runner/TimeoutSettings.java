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
 * ({@code --timeout}, {@code --quiet}, {@code --startup-timeout}, {@code --timeout-factor}), the system
 * property ({@code tck.timeout}, {@code tck.quiet}, {@code tck.startupTimeout}, {@code tck.timeoutFactor}),
 * the environment variable ({@code TCK_TIMEOUT}, {@code TCK_QUIET}, {@code TCK_STARTUP_TIMEOUT},
 * {@code TCK_TIMEOUT_FACTOR}), the defaults of {@link Timeouts}. Each setting is resolved on its own; the
 * factor then scales every duration (as JCK's timeoutFactor does), those given explicitly too.
 */
public final class TimeoutSettings {

    public static final String ARRIVAL_PROPERTY = "tck.timeout";
    public static final String QUIET_PROPERTY = "tck.quiet";
    public static final String ARRIVAL_ENV = "TCK_TIMEOUT";
    public static final String QUIET_ENV = "TCK_QUIET";
    public static final String STARTUP_PROPERTY = "tck.startupTimeout";
    public static final String STARTUP_ENV = "TCK_STARTUP_TIMEOUT";
    public static final String FACTOR_PROPERTY = "tck.timeoutFactor";
    public static final String FACTOR_ENV = "TCK_TIMEOUT_FACTOR";

    /** The values given on the command line; null for one not given. */
    public record Flags(Duration arrival, Duration quiet, Duration startup, Double factor) {
        public static final Flags NONE = new Flags(null, null, null, null);
    }

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private TimeoutSettings() {
    }

    /**
     * Resolves every setting, then applies the factor.
     *
     * @param flags       the command line's values
     * @param properties  system property lookup, such as {@code System::getProperty}
     * @param environment environment variable lookup, such as {@code System::getenv}
     * @throws ConfigurationException naming the property or variable whose value is not a duration (or,
     *                                for the factor, not a positive number)
     */
    public static Timeouts resolve(Flags flags, Function<String, String> properties, Function<String, String> environment) {
        Duration arrival = pick(flags.arrival(), ARRIVAL_PROPERTY, ARRIVAL_ENV, Timeouts.DEFAULT_ARRIVAL, properties, environment);
        Duration quiet = pick(flags.quiet(), QUIET_PROPERTY, QUIET_ENV, Timeouts.DEFAULT_QUIET, properties, environment);
        Duration startup = pick(flags.startup(), STARTUP_PROPERTY, STARTUP_ENV,
                arrival.compareTo(Timeouts.DEFAULT_STARTUP) > 0 ? arrival : Timeouts.DEFAULT_STARTUP, properties, environment);
        double factor = flags.factor() != null ? flags.factor() : pickFactor(properties, environment);
        return new Timeouts(arrival, quiet, startup, 1).scaledBy(factor);
    }

    /**
     * Parses a timeout factor: a positive decimal number such as {@code 2} or {@code 1.5}.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static double parseFactor(String text) {
        double factor;
        try {
            factor = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number (use e.g. 2 or 1.5)");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("'" + text + "' is not a positive number");
        }
        return factor;
    }

    private static double pickFactor(Function<String, String> properties, Function<String, String> environment) {
        String fromProperty = properties.apply(FACTOR_PROPERTY);
        String source = "system property " + FACTOR_PROPERTY;
        String text = fromProperty;
        if (text == null || text.isBlank()) {
            text = environment.apply(FACTOR_ENV);
            source = "environment variable " + FACTOR_ENV;
        }
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            return parseFactor(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + ": " + e.getMessage());
        }
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
