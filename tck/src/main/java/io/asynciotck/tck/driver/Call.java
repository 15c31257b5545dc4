package io.asynciotck.tck.driver;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One method call on a transport (or server), named as in asyncio ({@code write}, {@code write_eof},
 * {@code set_write_buffer_limits}...) with neutral arguments (see {@link Values}).
 *
 * <p>{@link #METHODS} lists what a driver must support, and {@link #DRIVER_METHODS} the calls that are
 * the driver's own; reactions may also use the {@link #PSEUDO_METHODS}.
 */
public record Call(String method, List<Object> args) {

    /** The transport and server methods a driver must support. */
    public static final List<String> METHODS = List.of(
            "write", "writelines", "write_eof", "can_write_eof", "close", "abort", "get_extra_info",
            "get_write_buffer_size", "get_write_buffer_limits", "set_write_buffer_limits",
            "pause_reading", "resume_reading",
            // datagram transports
            "sendto",
            // subprocess transports
            "get_pid", "get_returncode", "get_pipe_transport", "kill", "terminate", "send_signal",
            // servers
            "server_close", "server_wait_closed", "server_addresses");

    /**
     * Calls a driver answers itself, on any target, without calling the implementation:
     * {@code current_thread} is the name of the thread the call runs on (Python:
     * {@code threading.current_thread().name}). An {@code invoke} runs inside a callback of the loop, so
     * there it names the thread that runs the loop. {@code returned_pair}, on a connection, is
     * {@code "same"} when the call that created it returned the transport its {@code connection_made}
     * received, {@code "other"} when it returned another one, null while either has not happened (rule TR-4).
     */
    public static final List<String> DRIVER_METHODS = List.of("current_thread", "returned_pair");

    /** Reactions only: make the callback throw ({@code raise}) with the message in the first argument. */
    public static final List<String> PSEUDO_METHODS = List.of("raise");

    public Call {
        Objects.requireNonNull(method, "method");
        args = args == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    public static Call of(String method, Object... args) {
        return new Call(method, Arrays.asList(args));
    }

    @Override
    public String toString() {
        return method + args.stream().map(Call::describe).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A short, readable rendering of a neutral value, used in logs and failure messages. */
    public static String describe(Object value) {
        if (value instanceof byte[] bytes) {
            return Bytes.describe(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Call::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Values.DataSequence seq) {
            return seq.shape().name().toLowerCase() + seq.items().stream().map(Bytes::describe)
                    .collect(Collectors.joining(", ", "(", ")"));
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(value);
    }
}
