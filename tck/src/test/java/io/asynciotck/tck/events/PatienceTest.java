package io.asynciotck.tck.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Patience on a clock the test moves: what it decides does not depend on how loaded the machine is. */
class PatienceTest {

    /** A clock the test sets: the time and the TCK's starvation so far. */
    private static final class TestClock implements Patience.Clock {
        long now = 1_000_000_000L;
        long starved;

        void advance(long millis) {
            now += Duration.ofMillis(millis).toNanos();
        }

        void starve(long millis) {
            starved += Duration.ofMillis(millis).toNanos();
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long starvedNanos() {
            return starved;
        }
    }

    private final TestClock clock = new TestClock();

    private Patience forArrival(long millis) {
        return Patience.forArrival(Duration.ofMillis(millis), clock);
    }

    private Patience onProgress(long millis, long ceilingMillis) {
        return new Patience(Duration.ofMillis(millis), Duration.ofMillis(ceilingMillis), true, clock);
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    @Test
    void aWaitForArrivalRunsOutAfterItsTimeout() {
        Patience patience = forArrival(100);

        assertThat(millis(patience.remainingNanos())).isEqualTo(100);
        clock.advance(99);
        assertThat(patience.exhausted()).isFalse();
        clock.advance(1);
        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("connection_made on c1"))
                .isEqualTo("Timed out after 100 ms waiting for connection_made on c1");
    }

    @Test
    void progressDoesNotExtendAWaitForArrival() {
        Patience patience = forArrival(100);
        clock.advance(60);
        patience.progressed();
        clock.advance(40);

        assertThat(patience.exhausted()).isTrue();
    }

    @Test
    void aWaitOnProgressLastsAsLongAsThingsMove() {
        Patience patience = onProgress(100, 60_000);
        for (int i = 0; i < 10; i++) {
            clock.advance(90);
            assertThat(patience.exhausted()).as("after %d progresses", i).isFalse();
            patience.progressed();
        }
        assertThat(patience.waited()).isEqualTo(Duration.ofMillis(900));
        clock.advance(100);
        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("100 bytes"))
                .isEqualTo("Nothing moved for 100 ms (1000 ms in all) while waiting for 100 bytes");
    }

    @Test
    void theCeilingBoundsAWaitOnProgress() {
        Patience patience = onProgress(100, 250);
        for (int i = 0; i < 2; i++) {
            clock.advance(90);
            patience.progressed();
        }
        assertThat(millis(patience.remainingNanos())).as("the ceiling, not the timeout, is closer").isEqualTo(70);
        clock.advance(70);

        assertThat(patience.exhausted()).isTrue();
        assertThat(patience.describeTimeout("the end")).isEqualTo(
                "Still waiting after 250 ms, the most a wait on progress may last, for the end");
    }

    @Test
    void starvedTimeIsGivenBackAndNamed() {
        Patience patience = forArrival(100);
        clock.advance(100);
        clock.starve(300);

        assertThat(millis(patience.remainingNanos())).isEqualTo(300);
        assertThat(patience.starved()).isEqualTo(Duration.ofMillis(300));
        assertThat(patience.starvationNote()).isEqualTo(" (the TCK itself was starved for 300 ms of the 100 ms waited: "
                + "its heartbeat thread woke late, so the machine is too loaded for these timeouts; rerun with a larger "
                + "--timeout-factor)");
    }

    @Test
    void starvationGivesBackAtMostALimitedNumberOfTimeouts() {
        Patience patience = forArrival(100);
        clock.starve(60_000);

        assertThat(millis(patience.remainingNanos())).isEqualTo(100 * (Patience.GIVE_BACK_LIMIT + 1L));
        clock.advance(100 * (Patience.GIVE_BACK_LIMIT + 1L));
        assertThat(patience.exhausted()).isTrue();
    }

    @Test
    void aLittleStarvationIsNotWorthSaying() {
        Patience patience = forArrival(5000);
        clock.advance(1000);
        clock.starve(200);

        assertThat(patience.starvationNote()).as("under 250 ms, a twentieth of the timeout").isEmpty();
        clock.starve(100);
        assertThat(patience.starvationNote()).contains("starved for 300 ms");
    }

    @Test
    void theSystemClockStartsTheHeartbeat() {
        assertThat(Patience.forArrival(Duration.ofSeconds(5)).remainingNanos()).isPositive();
        assertThat(Heartbeat.starvedNanos()).isNotNegative();
    }
}
