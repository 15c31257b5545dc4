package io.asynciotck.tck.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class PatienceTest {

    @Test
    void aWaitForArrivalRunsOutAfterItsTimeout() {
        Patience patience = Patience.forArrival(Duration.ofMillis(100));

        assertThat(patience.remainingNanos()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100).toNanos());
        sleep(150);
        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("connection_made on c1")).startsWith("Timed out after ")
                .endsWith(" ms waiting for connection_made on c1");
    }

    @Test
    void progressDoesNotExtendAWaitForArrival() {
        Patience patience = Patience.forArrival(Duration.ofMillis(100));
        sleep(60);
        patience.progressed();
        sleep(60);

        assertThat(patience.exhausted()).isTrue();
    }

    @Test
    void aWaitOnProgressLastsAsLongAsThingsMove() {
        Patience patience = Patience.onProgress(Duration.ofMillis(100), Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            sleep(60);
            assertThat(patience.exhausted()).as("after %d progresses", i).isFalse();
            patience.progressed();
        }
        assertThat(patience.waited()).isGreaterThan(Duration.ofMillis(250));
        sleep(150);
        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("100 bytes")).startsWith("Nothing moved for 100 ms (")
                .endsWith(" ms in all) while waiting for 100 bytes");
    }

    @Test
    void theCeilingBoundsAWaitOnProgress() {
        Patience patience = Patience.onProgress(Duration.ofMillis(100), Duration.ofMillis(150));
        sleep(60);
        patience.progressed();
        sleep(60);
        patience.progressed();
        sleep(60);
        patience.progressed();

        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("the end")).startsWith("Still waiting after ")
                .contains("the most a wait on progress may last");
    }

    @Test
    void starvedTimeIsGivenBackAndNamed() {
        Patience patience = Patience.forArrival(Duration.ofMillis(100));
        Heartbeat.addStarvation(Duration.ofMillis(300).toNanos());

        assertThat(patience.remainingNanos()).isGreaterThan(Duration.ofMillis(300).toNanos());
        assertThat(patience.starved()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(patience.starvationNote()).startsWith(" (the TCK itself was starved for ")
                .contains("rerun with a larger --timeout-factor");
    }

    @Test
    void starvationGivesBackAtMostALimitedNumberOfTimeouts() {
        Patience patience = Patience.forArrival(Duration.ofMillis(100));
        Heartbeat.addStarvation(Duration.ofSeconds(60).toNanos());

        assertThat(patience.remainingNanos())
                .isLessThanOrEqualTo(Duration.ofMillis(100).multipliedBy(Patience.GIVE_BACK_LIMIT + 1L).toNanos());
    }

    @Test
    void anUnstarvedWaitSaysNothingAboutStarvation() {
        assertThat(Patience.forArrival(Duration.ofSeconds(5)).starvationNote()).isEmpty();
    }

    private static void sleep(long millis) {
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
    }
}
