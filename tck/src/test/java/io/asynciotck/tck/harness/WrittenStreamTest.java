package io.asynciotck.tck.harness;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class WrittenStreamTest {

    @Test
    void verifiesReadsThatCrossWriteBoundaries() {
        WrittenStream stream = new WrittenStream();
        stream.wrote(bytes("hello "));
        stream.wrote(bytes("world"));
        assertThat(stream.verifyAndConsume(bytes("hel"))).isNull();
        assertThat(stream.verifyAndConsume(bytes("lo wo"))).isNull();
        assertThat(stream.unread()).isEqualTo(3);
        assertThat(stream.verifyAndConsume(bytes("rld"))).isNull();
        assertThat(stream.unread()).isZero();
        assertThat(stream.read()).isEqualTo(11);
    }

    @Test
    void namesTheOffsetOfTheFirstDifference() {
        WrittenStream stream = new WrittenStream();
        stream.wrote(bytes("abc"));
        stream.wrote(bytes("def"));
        assertThat(stream.verifyAndConsume(bytes("abcdXf"))).contains("offset 4");
    }

    @Test
    void reportsBytesThatWereNeverWritten() {
        WrittenStream stream = new WrittenStream();
        stream.wrote(bytes("ab"));
        assertThat(stream.verifyAndConsume(bytes("abc"))).contains("1 bytes more");
    }

    @Test
    void ignoresEmptyWrites() {
        WrittenStream stream = new WrittenStream();
        stream.wrote(new byte[0]);
        stream.wrote(bytes("x"));
        assertThat(stream.verifyAndConsume(bytes("x"))).isNull();
    }

    @Test
    void numberedDataContinuesAcrossChunks() {
        byte[] whole = Payloads.numbered(0, 1000);
        byte[] second = Payloads.numbered(600, 400);
        assertThat(Arrays.copyOfRange(whole, 600, 1000)).isEqualTo(second);
        assertThat(Payloads.firstMismatch(0, whole)).isEqualTo(-1);
        whole[777] ^= 1;
        assertThat(Payloads.firstMismatch(0, whole)).isEqualTo(777);
        assertThat(Payloads.firstMismatch(1, Payloads.numbered(0, 10))).isEqualTo(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
