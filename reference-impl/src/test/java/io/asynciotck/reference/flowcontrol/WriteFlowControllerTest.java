package io.asynciotck.reference.flowcontrol;

import io.asynciotck.api.loop.ExceptionContext;
import io.asynciotck.api.protocol.Protocol;
import io.asynciotck.api.transport.StreamTransport;
import io.asynciotck.api.transport.WriteBufferLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteFlowControllerTest {

    private final List<String> calls = new ArrayList<>();
    private final List<ExceptionContext> reported = new ArrayList<>();
    private RuntimeException failWith;
    private final Protocol<StreamTransport> protocol = new Protocol<>() {
        @Override
        public void pauseWriting() {
            calls.add("pause");
            if (failWith != null) {
                throw failWith;
            }
        }

        @Override
        public void resumeWriting() {
            calls.add("resume");
            if (failWith != null) {
                throw failWith;
            }
        }
    };
    private final Object transport = new Object();
    private final WriteFlowController flow = new WriteFlowController(transport, protocol, reported::add);

    @Test
    void defaultsAreAsyncios() {
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(16384, 65536));
        assertThat(flow.isPaused()).isFalse();
    }

    @Test
    void sizeEqualToHighDoesNotPause() {
        flow.maybePause(65536);
        assertThat(calls).isEmpty();
        assertThat(flow.isPaused()).isFalse();
    }

    @Test
    void sizeOneOverHighPausesOnce() {
        flow.maybePause(65537);
        flow.maybePause(65538);
        flow.maybePause(1_000_000);
        assertThat(calls).containsExactly("pause");
        assertThat(flow.isPaused()).isTrue();
    }

    @Test
    void resumesOnceWhenSizeReachesLow() {
        flow.maybePause(65537);
        flow.maybeResume(16385);
        assertThat(calls).containsExactly("pause");
        flow.maybeResume(16384);
        flow.maybeResume(0);
        assertThat(calls).containsExactly("pause", "resume");
        assertThat(flow.isPaused()).isFalse();
    }

    @Test
    void resumeWithoutPauseDoesNothing() {
        flow.maybeResume(0);
        assertThat(calls).isEmpty();
    }

    @Test
    void pausesAgainAfterResume() {
        flow.maybePause(65537);
        flow.maybeResume(100);
        flow.maybePause(70000);
        assertThat(calls).containsExactly("pause", "resume", "pause");
    }

    @Test
    void onlyHighGivenMakesLowAQuarter() {
        flow.setLimits(1000L, null, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(250, 1000));
        flow.setLimits(3L, null, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(0, 3));
    }

    @Test
    void onlyLowGivenMakesHighFourTimes() {
        flow.setLimits(null, 100L, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(100, 400));
    }

    @Test
    void neitherGivenRestoresDefaults() {
        flow.setLimits(10L, 5L, 0);
        flow.setLimits(null, null, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(16384, 65536));
    }

    @Test
    void hugeLowSaturatesHigh() {
        flow.setLimits(null, Long.MAX_VALUE / 2, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(Long.MAX_VALUE / 2, Long.MAX_VALUE));
    }

    @Test
    void highZeroPausesWheneverTheBufferIsNonEmpty() {
        flow.setLimits(0L, null, 0);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(0, 0));
        flow.maybePause(0);
        assertThat(calls).isEmpty();
        flow.maybePause(1);
        assertThat(calls).containsExactly("pause");
    }

    @Test
    void lowZeroResumesOnlyWhenEmpty() {
        flow.setLimits(100L, 0L, 0);
        flow.maybePause(101);
        flow.maybeResume(1);
        assertThat(calls).containsExactly("pause");
        flow.maybeResume(0);
        assertThat(calls).containsExactly("pause", "resume");
    }

    @Test
    void lowEqualToHighIsValid() {
        flow.setLimits(50L, 50L, 0);
        flow.maybePause(51);
        flow.maybeResume(50);
        assertThat(calls).containsExactly("pause", "resume");
    }

    @Test
    void setLimitsPausesAtOnceWhenTheBufferIsOverTheNewHigh() {
        flow.setLimits(10L, null, 11);
        assertThat(calls).containsExactly("pause");
    }

    @Test
    void setLimitsDoesNotPauseAtTheNewHigh() {
        flow.setLimits(10L, null, 10);
        assertThat(calls).isEmpty();
    }

    @Test
    void setLimitsNeverResumes() {
        flow.maybePause(65537);
        flow.setLimits(1_000_000L, 500_000L, 100);
        assertThat(calls).containsExactly("pause");
        assertThat(flow.isPaused()).isTrue();
        flow.maybeResume(100);
        assertThat(calls).containsExactly("pause", "resume");
    }

    @Test
    void lowAboveHighIsRejectedNamingBothValues() {
        assertThatThrownBy(() -> flow.setLimits(10L, 20L, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10").hasMessageContaining("20");
    }

    @Test
    void negativeLimitsAreRejectedNamingBothValues() {
        assertThatThrownBy(() -> flow.setLimits(100L, -1L, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100").hasMessageContaining("-1");
        assertThatThrownBy(() -> flow.setLimits(-5L, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> flow.setLimits(null, -3L, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-12").hasMessageContaining("-3");
    }

    @Test
    void rejectedLimitsLeaveTheOldOnesAndDoNotPause() {
        flow.setLimits(100L, 10L, 0);
        assertThatThrownBy(() -> flow.setLimits(1L, 2L, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThat(flow.limits()).isEqualTo(new WriteBufferLimits(10, 100));
        assertThat(calls).isEmpty();
    }

    @Test
    void failingPauseWritingIsReportedAndTheStateKept() {
        failWith = new IllegalStateException("boom");
        flow.maybePause(65537);
        assertThat(flow.isPaused()).isTrue();
        flow.maybeResume(0);
        assertThat(flow.isPaused()).isFalse();
        assertThat(calls).containsExactly("pause", "resume");
        assertThat(reported).hasSize(2);
        assertThat(reported).allSatisfy(context -> {
            assertThat(context.exception()).isSameAs(failWith);
            assertThat(context.transport()).isSameAs(transport);
            assertThat(context.protocol()).isSameAs(protocol);
        });
        assertThat(reported.get(0).message()).contains("pauseWriting");
        assertThat(reported.get(1).message()).contains("resumeWriting");
    }

    @Test
    void reentrantWriteFromPauseWritingDoesNotPauseTwice() {
        List<String> nested = new ArrayList<>();
        WriteFlowController[] self = new WriteFlowController[1];
        self[0] = new WriteFlowController(transport, new Protocol<StreamTransport>() {
            @Override
            public void pauseWriting() {
                nested.add("pause");
                self[0].maybePause(200_000); // a write from inside the callback
            }
        }, reported::add);
        self[0].maybePause(100_000);
        assertThat(nested).containsExactly("pause");
    }
}
