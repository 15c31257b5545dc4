package io.asynciotck.benchmarks;

import io.asynciotck.benchmarks.load.Spread;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpreadTest {

    @Test
    void theMedianOfAnOddAndOfAnEvenNumberOfValues() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Spread(2.5, 1.0, 4.0, 4));
    }

    @Test
    void ratiosArePairedRoundByRoundNotMediansDivided() {
        // The medians' ratio would be 100/100 = 1.00; the rounds say the first is 0.9 to 1.1 of the second.
        Spread ratios = Spread.ofRatios(List.of(90.0, 100.0, 110.0), List.of(100.0, 100.0, 100.0));
        assertThat(ratios.ratioText()).isEqualTo("1.00 (0.90–1.10)");
        assertThat(Spread.ofRatios(List.of(50.0), List.of(40.0)).ratioText()).isEqualTo("1.25");
    }

    @Test
    void unpairedOrNoValuesAreRefused() {
        assertThatThrownBy(() -> Spread.ofRatios(List.of(1.0), List.of(1.0, 2.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
