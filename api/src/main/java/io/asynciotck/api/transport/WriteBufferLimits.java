package io.asynciotck.api.transport;

/**
 * The high- and low-water marks for write flow control, in bytes, as {@code get_write_buffer_limits()}
 * returns them: the spec's tuple is {@code (low, high)}. Both are non-negative and {@code low <= high}.
 */
public record WriteBufferLimits(long low, long high) {

    /**
     * @throws IllegalArgumentException naming both values when either is negative or low exceeds high
     */
    public WriteBufferLimits {
        if (low < 0 || high < 0 || low > high) {
            throw new IllegalArgumentException(
                    "write buffer limits need high >= low >= 0, got high=" + high + " low=" + low);
        }
    }
}
