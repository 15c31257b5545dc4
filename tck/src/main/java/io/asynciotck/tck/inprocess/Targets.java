package io.asynciotck.tck.inprocess;

import io.asynciotck.api.loop.Server;
import io.asynciotck.api.transport.BaseTransport;
import io.asynciotck.tck.driver.DriverException;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids of one session's targets: {@code c1}, {@code c2}... for connections in the order their
 * {@code connection_made} happens, {@code s1}, {@code s2}... for servers, {@code c1/0}... for the pipe
 * transports of a subprocess transport once {@code get_pipe_transport} handed them out. Thread-safe.
 */
final class Targets {

    private final Map<String, Object> byId = new ConcurrentHashMap<>();
    private final Map<Object, String> idsOf = new IdentityHashMap<>();
    private final Map<String, AbstractRecordingProtocol> protocols = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger servers = new AtomicInteger();

    /** Registers a connection's transport and protocol under the next connection id. */
    String addConnection(BaseTransport transport, AbstractRecordingProtocol protocol) {
        String id = "c" + connections.incrementAndGet();
        byId.put(id, transport);
        protocols.put(id, protocol);
        synchronized (idsOf) {
            idsOf.put(transport, id);
        }
        return id;
    }

    /**
     * The target id of a subprocess transport's pipe transport, {@code <id>/<fd>}, registered so that
     * calls can address it; null when the subprocess transport has no id (yet) in this session.
     */
    String addPipe(BaseTransport subprocess, int fd, BaseTransport pipe) {
        String parent;
        synchronized (idsOf) {
            parent = idsOf.get(subprocess);
        }
        if (parent == null) {
            return null;
        }
        String id = parent + "/" + fd;
        byId.put(id, pipe);
        return id;
    }

    /**
     * The id the next server will have. It is taken before {@code create_server} is called, since its
     * connections may be accepted before the call returns; {@link #releaseServerId} gives it back when
     * the call fails.
     */
    String reserveServerId() {
        return "s" + servers.incrementAndGet();
    }

    void addServer(String id, Server server) {
        byId.put(id, server);
    }

    /** Gives back an id from {@link #reserveServerId} when it is still the last one taken. */
    void releaseServerId(String id) {
        int number = Integer.parseInt(id.substring(1));
        servers.compareAndSet(number, number - 1);
    }

    /** {@code returned_pair} on {@code target}: {@link AbstractRecordingProtocol#returnedPair()}, or null for no connection. */
    String returnedPair(Object target) {
        String id;
        synchronized (idsOf) {
            id = idsOf.get(target);
        }
        AbstractRecordingProtocol protocol = id == null ? null : protocols.get(id);
        return protocol == null ? null : protocol.returnedPair();
    }

    /** The transport or server with this id. */
    Object get(String id) {
        Object target = id == null ? null : byId.get(id);
        if (target == null) {
            throw new DriverException("Unknown target '" + id + "'; this session has " + new TreeSet<>(byId.keySet()));
        }
        return target;
    }
}
