package io.asynciotck.api.transport;

/**
 * The names {@link BaseTransport#getExtraInfo(String, Object)} understands, with the Java type of each
 * value. The spec lists them per kind of channel; a transport answers the names of its kind and the
 * caller's default for every other name.
 */
public final class ExtraInfo {

    /** Socket: "the remote address to which the socket is connected" ({@code java.net.SocketAddress}), null on error. */
    public static final String PEERNAME = "peername";
    /** Socket: "socket.socket instance": here the {@code java.nio.channels.NetworkChannel}. */
    public static final String SOCKET = "socket";
    /** Socket: "the socket's own address" ({@code java.net.SocketAddress}). */
    public static final String SOCKNAME = "sockname";
    /** SSL: "the compression algorithm being used as a string, or None if the connection isn't compressed". */
    public static final String COMPRESSION = "compression";
    /** SSL: cipher name, protocol version and secret bits ({@link CipherInfo}). */
    public static final String CIPHER = "cipher";
    /** SSL: the peer certificate ({@code java.security.cert.Certificate}), null when it sent none. */
    public static final String PEERCERT = "peercert";
    /** SSL: the {@code javax.net.ssl.SSLContext} in use. */
    public static final String SSLCONTEXT = "sslcontext";
    /** Pipe: the pipe object ({@code java.nio.channels.Channel}). */
    public static final String PIPE = "pipe";
    /** Subprocess: the process ({@code java.lang.ProcessHandle} or {@code java.lang.Process}). */
    public static final String SUBPROCESS = "subprocess";

    private ExtraInfo() {
    }

    /** The spec's three-value cipher tuple: name, the protocol version that defines its use, secret bits. */
    public record CipherInfo(String name, String protocolVersion, int secretBits) {
    }
}
