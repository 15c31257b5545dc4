package io.asynciotck.tck.outofprocess;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LinesTest {

    @Test
    void aShortLineIsShownAsItIs() {
        assertThat(Lines.shown("{\"type\":\"reply\",\"id\":1}")).isEqualTo("{\"type\":\"reply\",\"id\":1}");
        assertThat(Lines.shown(null)).isNull();
    }

    @Test
    void aLongLineIsCutAndSaysHowMuchMoreThereWas() {
        assertThat(Lines.shown("x".repeat(Lines.SHOWN + 5))).isEqualTo("x".repeat(Lines.SHOWN) + "... (5 more characters)");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(Lines.shown("a\u0000b\r\u001b[31mred\u007f\u0085")).isEqualTo("a\\u0000b\\u000d\\u001b[31mred\\u007f\\u0085");
    }

    @Test
    void sizesAreInMebibytesWhenWhole() {
        assertThat(Lines.size(Lines.LIMIT)).isEqualTo("16 MiB");
        assertThat(Lines.size(999)).isEqualTo("999 bytes");
    }

    @Test
    void aMessageOfSeveralLinesKeepsItsLineEndsAndShowsEveryOtherControl() {
        assertThat(Lines.withControlsEscaped("parser: unexpected '\u0002'\n  stderr: \u001b[31mred"))
                .isEqualTo("parser: unexpected '\\u0002'\n  stderr: \\u001b[31mred");
    }
}
