package io.asynciotck.tck.driver;

import java.util.List;
import java.util.Objects;

/**
 * The language-neutral values that cross the driver layer, as arguments of calls and in recorded
 * events. Besides these records, a value is one of: {@code null}, {@link Boolean}, {@link Long},
 * {@link String}, {@code byte[]} or a {@link List} of values. A driver converts its native values to
 * these, and back.
 */
public final class Values {

    private Values() {
    }

    /** An IP socket address, such as a {@code peername}. */
    public record Address(String host, int port) {
        public Address {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * A native object that has no neutral form: its native type name, and its kind when it is one of the
     * kinds the spec's extra information names ({@link #KINDS}), as the driver tells it (a socket of the
     * implementation's language, an SSL context, a pipe, a process); null for any other object.
     */
    public record Opaque(String type, String kind) {
        /** The kinds a driver tells: "socket", "ssl_context", "pipe", "process". */
        public static final java.util.List<String> KINDS = java.util.List.of("socket", "ssl_context", "pipe", "process");

        public Opaque {
            Objects.requireNonNull(type, "type");
            if (kind != null && !KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown kind of object '" + kind + "'; the kinds are " + KINDS);
            }
        }

        /** An object of no known kind. */
        public Opaque(String type) {
            this(type, null);
        }

        @Override
        public String toString() {
            return "<" + (kind == null ? "" : kind + " ") + type + ">";
        }
    }

    /** An exception or error raised by, or passed to, the implementation: see {@link ErrorKind}. */
    public record ExceptionInfo(ErrorKind kind, String type, String message) {
        public ExceptionInfo {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return kind + "(" + type + (message == null || message.isEmpty() ? "" : ": " + message) + ")";
        }
    }

    /**
     * The iterable argument of {@code writelines}: the items, and the shape of the iterable the driver
     * must build from them, since the spec accepts "a list (or any iterable)".
     */
    public record DataSequence(Shape shape, List<byte[]> items) {
        public DataSequence {
            Objects.requireNonNull(shape, "shape");
            items = List.copyOf(items);
        }

        /** The kinds of iterable a scenario may ask for. */
        public enum Shape {
            /** A list ({@code java.util.List}, Python {@code list}). */
            LIST,
            /** A fixed sequence that is not a list (Python {@code tuple}, Java {@code ArrayDeque}). */
            TUPLE,
            /** A one-shot lazy iterable that is not a collection (Python generator, Java plain {@code Iterable}). */
            GENERATOR
        }
    }

    /**
     * Placeholder arguments of a reaction, resolved inside the callback: the data the callback received
     * ({@code data_received(data)}, {@code datagram_received(data, addr)}), so that a protocol can echo
     * it, and the address it came from.
     */
    public enum Placeholder {
        RECEIVED_DATA,
        /** The sender's address the callback received ({@code datagram_received(data, addr)}), to reply to it. */
        RECEIVED_ADDRESS
    }

    /**
     * Placeholder argument resolved at call time to the transport's current write buffer size plus
     * {@code delta}. It lets a scenario set water marks relative to a buffer it has just filled,
     * inside one batch of calls that the loop cannot interleave with a flush.
     */
    public record BufferSizePlus(long delta) {
    }

    /**
     * How to start a child process: {@code args} is the program and its arguments, or with {@code shell}
     * a single shell command line; each standard stream is connected as {@link Stdio} says.
     */
    public record SubprocessSpec(boolean shell, List<String> args, Stdio stdin, Stdio stdout, Stdio stderr) {
        public SubprocessSpec {
            args = List.copyOf(args);
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
            if (shell && args.size() != 1) {
                throw new IllegalArgumentException("a shell command is one string, got " + args);
            }
        }

        /** asyncio's {@code subprocess.PIPE}, {@code DEVNULL}, {@code STDOUT} (stderr only) and None (inherit). */
        public enum Stdio {
            PIPE, INHERIT, DEVNULL, STDOUT
        }
    }

    /**
     * TLS for {@code create_connection(ssl=...)} or {@code create_server(ssl=...)}: PEM files the
     * implementation reads to build its context.
     *
     * @param trustedCa                the CA certificate to trust: for a client, the server's issuer; for
     *                                 a server that requires client certificates, theirs; else null
     * @param certificate              the certificate to present (a server's; a client's for mutual TLS), or null
     * @param key                      its private key (PKCS#8), or null with no certificate
     * @param serverHostname           a client's {@code server_hostname}: null for the host connected to,
     *                                 empty for no host name check; null for a server
     * @param protocol                 the one protocol version to allow ({@code TLSv1.2}, {@code TLSv1.3}),
     *                                 or null for the implementation's defaults
     * @param requireClientCertificate a server's {@code verify_mode = CERT_REQUIRED}
     */
    public record TlsSpec(String trustedCa, String certificate, String key, String serverHostname, String protocol,
                          boolean requireClientCertificate) {
        public TlsSpec {
            if ((certificate == null) != (key == null)) {
                throw new IllegalArgumentException("a certificate and its key go together: " + certificate + ", " + key);
            }
        }
    }
}
