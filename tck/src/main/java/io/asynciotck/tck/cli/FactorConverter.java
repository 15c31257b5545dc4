package io.asynciotck.tck.cli;

import io.asynciotck.tck.runner.TimeoutSettings;
import picocli.CommandLine;

/** {@code --timeout-factor 2}: a positive number, parsed as {@link TimeoutSettings#parseFactor} does. */
final class FactorConverter implements CommandLine.ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        try {
            return TimeoutSettings.parseFactor(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
