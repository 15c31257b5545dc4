package io.asynciotck.tck.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackPatternTest {

    private final CallbackPattern streaming =
            CallbackPattern.parse("connection_made data_received* eof_received? connection_lost");

    @Test
    void acceptsEverySequenceTheStreamingStateMachineAllows() {
        assertThat(streaming.matches(List.of("connection_made", "connection_lost"))).isTrue();
        assertThat(streaming.matches(List.of("connection_made", "data_received", "data_received", "connection_lost"))).isTrue();
        assertThat(streaming.matches(List.of("connection_made", "eof_received", "connection_lost"))).isTrue();
        assertThat(streaming.matches(List.of("connection_made", "data_received", "eof_received", "connection_lost"))).isTrue();
    }

    @Test
    void rejectsWhatTheStateMachineForbids() {
        assertThat(streaming.matches(List.of("connection_made", "eof_received", "data_received", "connection_lost"))).isFalse();
        assertThat(streaming.matches(List.of("connection_made", "eof_received", "eof_received", "connection_lost"))).isFalse();
        assertThat(streaming.matches(List.of("connection_made", "connection_lost", "data_received"))).isFalse();
        assertThat(streaming.matches(List.of("connection_made", "connection_made", "connection_lost"))).isFalse();
        assertThat(streaming.matches(List.of("connection_made"))).isFalse();
        assertThat(streaming.matches(List.of())).isFalse();
    }

    @Test
    void plusNeedsAtLeastOne() {
        CallbackPattern pattern = CallbackPattern.parse("connection_made data_received+ connection_lost");
        assertThat(pattern.matches(List.of("connection_made", "connection_lost"))).isFalse();
        assertThat(pattern.matches(List.of("connection_made", "data_received", "connection_lost"))).isTrue();
    }

    @Test
    void namesAreWholeWords() {
        assertThat(CallbackPattern.parse("data_received").matches(List.of("data_receivedx"))).isFalse();
    }

    @Test
    void rejectsMalformedTokensByName() {
        assertThatThrownBy(() -> CallbackPattern.parse("connection_made (data)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'(data)'");
    }
}
