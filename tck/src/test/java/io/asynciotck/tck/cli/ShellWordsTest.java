package io.asynciotck.tck.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Splitting --driver's command line as a shell does for simple quoting. */
class ShellWordsTest {

    @Test
    void whitespaceSeparatesWords() {
        assertThat(ShellWords.split("  python3\tdriver.py  --loop   uvloop \n")).containsExactly("python3", "driver.py", "--loop", "uvloop");
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(ShellWords.split("sh -c 'echo \"a  b\" \\\\n'")).containsExactly("sh", "-c", "echo \"a  b\" \\\\n");
    }

    @Test
    void doubleQuotesEscapeOnlyQuotesAndBackslashes() {
        assertThat(ShellWords.split("\"/opt/my tools/driver\" \"say \\\"hi\\\" \\\\ \\n\""))
                .containsExactly("/opt/my tools/driver", "say \"hi\" \\ \\n");
    }

    @Test
    void quotesJoinWhatTouchesThemAndMayBeEmpty() {
        assertThat(ShellWords.split("--name=\"a b\"'c d'e '' \"\"")).containsExactly("--name=a bc de", "", "");
    }

    @Test
    void aBackslashOutsideQuotesEscapesTheNextCharacter() {
        assertThat(ShellWords.split("my\\ driver \\'x")).containsExactly("my driver", "'x");
    }

    @Test
    void unterminatedQuotesAndTrailingBackslashesAreRefused() {
        assertThatThrownBy(() -> ShellWords.split("a 'b")).hasMessage("unterminated single quote in: a 'b");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).hasMessage("unterminated double quote in: a \"b");
        assertThatThrownBy(() -> ShellWords.split("a\\")).hasMessage("trailing backslash in: a\\");
    }
}
