package io.asynciotck.tck.outofprocess;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines of UTF-8 text from a stream, as {@link java.io.BufferedReader#readLine()} does, but none
 * longer than a limit: a line that goes past it fails with a {@link LineTooLongException} as soon as its
 * bytes go past it, so that the reader never holds more than the limit of one line (plus one read
 * buffer), whatever the other end writes.
 *
 * <p>A line ends at {@code '\n'}, found in the bytes (in UTF-8 that byte is never part of another
 * character); a {@code '\r'} just before it is dropped. The limit counts the bytes before the
 * {@code '\n'}. A last line without {@code '\n'} is returned at the end of the stream. Lines are decoded
 * as UTF-8, malformed bytes as U+FFFD. Used by one thread.
 */
final class BoundedLineReader implements Closeable {

    private static final int READ_SIZE = 64 * 1024;
    private static final int INITIAL_LINE_SIZE = 8 * 1024;
    /** A line buffer grown beyond this by a long line is let go after it. */
    private static final int KEPT_LINE_SIZE = 1024 * 1024;

    private final InputStream in;
    private final int limit;
    private final byte[] read = new byte[READ_SIZE];
    private int readPosition;
    private int readEnd;
    private byte[] line;
    private int lineLength;

    /**
     * @param limit the most bytes a line may have, without its line terminator
     */
    BoundedLineReader(InputStream in, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the line limit must be positive, got " + limit);
        }
        this.in = in;
        this.limit = limit;
        this.line = new byte[Math.min(INITIAL_LINE_SIZE, limit)];
    }

    /**
     * The next line, without its terminator; null at the end of the stream.
     *
     * @throws LineTooLongException when the line has more than the limit's bytes: the reader holds at most
     *                              the limit of it, and cannot be used further
     * @throws IOException          when reading fails
     */
    String readLine() throws IOException {
        while (true) {
            if (readPosition == readEnd) {
                int n = in.read(read);
                if (n < 0) {
                    return lineLength == 0 ? null : take();
                }
                readPosition = 0;
                readEnd = n;
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? readEnd : newline;
            append(end - readPosition);
            if (newline >= 0) {
                readPosition = newline + 1;
                return take();
            }
            readPosition = readEnd;
        }
    }

    private int indexOfNewline() {
        for (int i = readPosition; i < readEnd; i++) {
            if (read[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Appends {@code n} bytes from the read buffer to the line, or fails when the line would pass the limit. */
    private void append(int n) throws LineTooLongException {
        if (n > limit - lineLength) {
            int start = Math.min(lineLength, Lines.SHOWN);
            byte[] shown = Arrays.copyOf(line, start + Math.min(n, Lines.SHOWN - start));
            System.arraycopy(read, readPosition, shown, start, shown.length - start);
            line = null;
            throw new LineTooLongException(limit, new String(shown, StandardCharsets.UTF_8));
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(limit, Math.max(lineLength + (long) n, 2L * line.length)));
        }
        System.arraycopy(read, readPosition, line, lineLength, n);
        lineLength += n;
    }

    private String take() {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > KEPT_LINE_SIZE) {
            line = new byte[INITIAL_LINE_SIZE];
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
