package io.asynciotck.tck.runner;

import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutSettingsTest {

    private static final Function<String, String> NOTHING = name -> null;

    private static Function<String, String> lookup(Map<String, String> values) {
        return values::get;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, NOTHING)).isEqualTo(Timeouts.DEFAULTS);
    }

    @Test
    void flagBeatsPropertyBeatsEnvironment() {
        Function<String, String> properties = lookup(Map.of("tck.timeout", "2s", "tck.quiet", "300ms"));
        Function<String, String> environment = lookup(Map.of("TCK_TIMEOUT", "3s", "TCK_QUIET", "400ms"));

        assertThat(TimeoutSettings.resolve(new TimeoutSettings.Flags(Duration.ofSeconds(1), Duration.ofMillis(100), null, null), properties, environment))
                .isEqualTo(new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(100)));
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, properties, environment))
                .isEqualTo(new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, environment))
                .isEqualTo(new Timeouts(Duration.ofSeconds(3), Duration.ofMillis(400)));
    }

    @Test
    void eachWaitResolvesOnItsOwn() {
        Function<String, String> properties = lookup(Map.of("tck.quiet", "50ms", "tck.timeout", " "));
        Function<String, String> environment = lookup(Map.of("TCK_TIMEOUT", "7s"));

        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, properties, environment))
                .isEqualTo(new Timeouts(Duration.ofSeconds(7), Duration.ofMillis(50)));
    }

    @Test
    void aBadValueNamesItsSource() {
        Function<String, String> environment = lookup(Map.of("TCK_QUIET", "soon"));

        assertThatThrownBy(() -> TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, environment))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable TCK_QUIET: 'soon' is not a duration (use e.g. 500ms, 5s, 2m)");
    }

    @Test
    void theStartupTimeoutResolvesLikeTheOthers() {
        Function<String, String> properties = lookup(Map.of("tck.startupTimeout", "45s"));
        Function<String, String> environment = lookup(Map.of("TCK_STARTUP_TIMEOUT", "50s"));

        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, NOTHING).startup())
                .isEqualTo(Timeouts.DEFAULT_STARTUP);
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, properties, environment).startup())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, environment).startup())
                .isEqualTo(Duration.ofSeconds(50));
        assertThat(TimeoutSettings.resolve(new TimeoutSettings.Flags(null, null, Duration.ofSeconds(9), null),
                properties, environment).startup()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void theStartupTimeoutIsNeverShorterThanTheArrivalTimeoutByDefault() {
        assertThat(TimeoutSettings.resolve(new TimeoutSettings.Flags(Duration.ofMinutes(1), null, null, null),
                NOTHING, NOTHING).startup()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theFactorScalesEveryTimeoutTheGivenOnesToo() {
        Timeouts timeouts = TimeoutSettings.resolve(new TimeoutSettings.Flags(Duration.ofSeconds(2), null, null, 3.0),
                NOTHING, NOTHING);

        assertThat(timeouts).isEqualTo(new Timeouts(Duration.ofSeconds(6), Duration.ofMillis(600), Duration.ofSeconds(90), 3));
        assertThat(timeouts.describe()).isEqualTo("arrival 6000ms, quiet 600ms, start-up 90000ms (timeout factor 3)");
    }

    @Test
    void theFactorComesFromFlagPropertyOrEnvironment() {
        Function<String, String> properties = lookup(Map.of("tck.timeoutFactor", "2"));
        Function<String, String> environment = lookup(Map.of("TCK_TIMEOUT_FACTOR", "1.5"));

        assertThat(TimeoutSettings.resolve(new TimeoutSettings.Flags(null, null, null, 4.0), properties, environment).factor())
                .isEqualTo(4);
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, properties, environment).factor()).isEqualTo(2);
        assertThat(TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING, environment).arrival())
                .isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void aBadFactorNamesItsSource() {
        assertThatThrownBy(() -> TimeoutSettings.resolve(TimeoutSettings.Flags.NONE, NOTHING,
                lookup(Map.of("TCK_TIMEOUT_FACTOR", "-2"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("environment variable TCK_TIMEOUT_FACTOR: '-2' is not a positive number");
        assertThatThrownBy(() -> TimeoutSettings.parseFactor("twice")).hasMessage("'twice' is not a number (use e.g. 2 or 1.5)");
    }

    @Test
    void parsesTheUsualForms() {
        assertThat(TimeoutSettings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeoutSettings.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(TimeoutSettings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(TimeoutSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(TimeoutSettings.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(TimeoutSettings.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusesZeroAndNonsense() {
        assertThatThrownBy(() -> TimeoutSettings.parseDuration("0s")).hasMessage("'0s' is not a positive duration");
        assertThatThrownBy(() -> TimeoutSettings.parseDuration("5 parsecs"))
                .hasMessage("'5 parsecs' is not a duration (use e.g. 500ms, 5s, 2m)");
    }
}
