package io.asynciotck.tck.runner;

import java.util.Arrays;
import java.util.Optional;

/** How binding a rule is. Only {@link #REQUIRED} rules decide the exit code; the others are reported. */
public enum RuleLevel {
    REQUIRED("required"),
    PLATFORM_SPECIFIC("platform-specific"),
    INFORMATIVE("informative");

    private final String label;

    RuleLevel(String label) {
        this.label = label;
    }

    /** The level as written in RULES.md. */
    public String label() {
        return label;
    }

    /** Whether a failure of a rule of this level fails the run. */
    public boolean gates() {
        return this == REQUIRED;
    }

    public static Optional<RuleLevel> fromLabel(String text) {
        return Arrays.stream(values()).filter(level -> level.label.equals(text)).findFirst();
    }
}
