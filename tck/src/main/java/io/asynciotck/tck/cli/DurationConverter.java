package io.asynciotck.tck.cli;

import io.asynciotck.tck.runner.TimeoutSettings;
import picocli.CommandLine;

import java.time.Duration;

/** Reads {@code --timeout} and {@code --quiet}: {@code 5s}, {@code 500ms}, {@code 2m}... */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return TimeoutSettings.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
