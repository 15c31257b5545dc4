package io.asynciotck.tck.harness;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadsTest {

    @Test
    void seqIsWhatTheToolPrints() {
        assertThat(new String(Payloads.seq(8, 11), StandardCharsets.US_ASCII)).isEqualTo("8\n9\n10\n11\n");
        assertThat(Payloads.seq(1, 600000)).hasSize(4_088_895);
    }

    @Test
    void differenceNamesTheFirstDifferingOffset() {
        byte[] expected = Payloads.seq(1, 100);
        byte[] corrupted = expected.clone();
        corrupted[57] ^= 1;
        assertThat(Payloads.difference(expected, expected.clone())).isNull();
        assertThat(Payloads.difference(expected, corrupted)).startsWith("the byte at offset 57 differs");
        assertThat(Payloads.difference(expected, java.util.Arrays.copyOf(expected, 10)))
                .isEqualTo("only the first 10 of the 292 bytes expected came");
        assertThat(Payloads.difference(expected, java.util.Arrays.copyOf(expected, 300)))
                .isEqualTo("the 292 bytes expected came, then 8 more");
    }
}
