package io.asynciotck.tck.outofprocess;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BoundedLineReaderTest {

    private static List<String> lines(String text, int limit) throws IOException {
        return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    private static List<String> lines(InputStream in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLineReader reader = new BoundedLineReader(in, limit)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void splitsOnNewlinesDroppingACarriageReturnBeforeThem() throws IOException {
        assertThat(lines("one\ntwo\r\n\nfour\rstill four\nlast without newline", 100))
                .containsExactly("one", "two", "", "four\rstill four", "last without newline");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("just one\n", 100)).containsExactly("just one");
    }

    @Test
    void decodesUtf8AndShowsMalformedBytesAsReplacementCharacters() throws IOException {
        assertThat(lines("d\u00e9j\u00e0 \u20ac \uD83D\uDE00\n", 100)).containsExactly("d\u00e9j\u00e0 \u20ac \uD83D\uDE00");
        byte[] malformed = {'a', (byte) 0xff, 'b', '\n'};
        assertThat(lines(new ByteArrayInputStream(malformed), 100)).containsExactly("a\uFFFDb");
    }

    @Test
    void aLineOfExactlyTheLimitIsRead() throws IOException {
        String longest = "x".repeat(200_000);
        assertThat(lines(longest + "\n" + longest, 200_000)).containsExactly(longest, longest);
    }

    @Test
    void aLongerLineFailsShowingItsStart() {
        String text = "ok\n" + "0123456789".repeat(100) + "\nnever read\n";
        LineTooLongException e = catchThrowableOfType(() -> lines(text, 999), LineTooLongException.class);

        assertThat(e.limit()).isEqualTo(999);
        assertThat(e.start()).hasSize(Lines.SHOWN).isEqualTo("0123456789".repeat(40));
        assertThat(e).hasMessageStartingWith("a line longer than 999 bytes, starting 0123456789");
    }

    @Test
    void anEndlessLineFailsAfterReadingLittleMoreThanTheLimit() {
        CountingEndlessStream endless = new CountingEndlessStream();
        int limit = 4 * 1024 * 1024;

        assertThatThrownBy(() -> lines(endless, limit)).isInstanceOf(LineTooLongException.class)
                .hasMessageStartingWith("a line longer than 4 MiB, starting yyyy");
        assertThat(endless.read).isGreaterThan(limit).isLessThanOrEqualTo(limit + 64 * 1024);
    }

    /** "yyyy..." without end, counting what was read of it. */
    private static final class CountingEndlessStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'y';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = Math.min(length, 1000);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'y');
            read += n;
            return n;
        }
    }
}
