package io.asynciotck.tck.inprocess;

import io.asynciotck.api.transport.ExtraInfo;
import io.asynciotck.tck.driver.Values;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Java values returned by the implementation as the neutral values of {@link Values}, and addresses back. */
final class NeutralValues {

    private NeutralValues() {
    }

    /**
     * The neutral form of {@code value}: strings, booleans, {@code byte[]} and non-integral numbers as
     * they are; integral numbers as {@link Long}; an {@link InetSocketAddress} as a
     * {@link Values.Address} (the IP as a string); a {@link ExtraInfo.CipherInfo} as the spec's
     * three-value list; collections element by element; anything else as a {@link Values.Opaque}
     * naming its class.
     */
    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof byte[] || value instanceof Values.Address || value instanceof Values.Opaque
                || value instanceof Values.ExceptionInfo) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof InetSocketAddress address) {
            return address(address);
        }
        if (value instanceof ExtraInfo.CipherInfo cipher) {
            return list(Arrays.asList(cipher.name(), cipher.protocolVersion(), (long) cipher.secretBits()));
        }
        if (value instanceof Collection<?> collection) {
            return list(collection);
        }
        return new Values.Opaque(Errors.typeName(value.getClass()), kind(value));
    }

    /**
     * The kind of an object the spec's extra information names, as the Java API types it
     * ({@link io.asynciotck.api.transport.ExtraInfo}): a {@code NetworkChannel} is a socket, an
     * {@code SSLContext} an SSL context, the channel of a pipe a pipe, a {@code Process} or
     * {@code ProcessHandle} a process; null for any other object.
     */
    static String kind(Object value) {
        if (value instanceof java.nio.channels.NetworkChannel) {
            return "socket";
        }
        if (value instanceof javax.net.ssl.SSLContext) {
            return "ssl_context";
        }
        if (value instanceof java.nio.channels.Pipe.SourceChannel || value instanceof java.nio.channels.Pipe.SinkChannel) {
            return "pipe";
        }
        if (value instanceof Process || value instanceof ProcessHandle) {
            return "process";
        }
        return null;
    }

    /** The address with its IP as a string ({@code 127.0.0.1}), or its host name when unresolved. */
    static Values.Address address(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return new Values.Address(host, address.getPort());
    }

    /**
     * The Java form of a neutral address: {@code new InetSocketAddress(host, port)}, so a numeric host
     * is taken as is and a name is resolved (left unresolved when it cannot be).
     *
     * @throws IllegalArgumentException when the port is out of range
     */
    static InetSocketAddress socketAddress(Values.Address address) {
        return new InetSocketAddress(address.host(), address.port());
    }

    private static List<Object> list(Collection<?> items) {
        List<Object> converted = new ArrayList<>(items.size());
        for (Object item : items) {
            converted.add(of(item));
        }
        return Collections.unmodifiableList(converted);
    }
}
