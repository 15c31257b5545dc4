package io.asynciotck.tck.harness;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.driver.DriverSession;
import io.asynciotck.tck.driver.DriverTimeoutException;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.PipeConnection;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Script;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Count;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.peer.PeerDatagramSocket;
import io.asynciotck.tck.peer.PeerListener;
import io.asynciotck.tck.peer.PeerPipe;
import io.asynciotck.tck.peer.PeerSocket;

import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The state of one scenario, shared by every step definition: the event log, the driver session, the
 * protocol script being built, the TCK's peers, and the connections and server under test. Closing it
 * releases everything the scenario opened.
 */
public final class ScenarioContext implements AutoCloseable {

    /** The receive buffer of the TCK's peers: small, so that a peer that stops reading fills up fast. */
    static final int PEER_RECEIVE_BUFFER = 64 * 1024;

    private final RunContext run = RunContext.current();
    private final EventLog log = new EventLog(run.timeouts());
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Map<String, PeerSocket> clients = new LinkedHashMap<>();
    private final Map<String, PeerDatagramSocket> datagramPeers = new LinkedHashMap<>();
    private DriverSession session;
    private Script script = Script.PASSIVE;
    /** Whether the server's protocols record their callbacks (not {@link Script#BARE}). */
    private boolean serverRecords = true;
    private PeerListener listener;
    private ConnectionUnderTest connection;
    private String serverId;
    private Values.Address serverAddress;
    private Outcome lastOutcome;
    private long mark;
    private TlsSetup tls;
    /** Whether "a connection to the peer" is the one the implementation's server accepts from the TCK's client. */
    private boolean accepted;
    /** What the implementation did not answer in time in this scenario, if anything. */
    private volatile String unresponsive;

    public EventLog log() {
        return log;
    }

    public RunContext run() {
        return run;
    }

    /** The driver session, opened on first use. */
    public DriverSession session() {
        if (session == null) {
            DriverSession opened;
            try {
                opened = run.driver().openSession(log);
            } catch (DriverTimeoutException e) {
                noteUnresponsive(e.getMessage());
                throw e;
            }
            session = new RuleNamingSession(opened, log, this::noteUnresponsive);
        }
        return session;
    }

    /** Whether the scenario opened a session of the implementation. */
    public boolean openedSession() {
        return session != null || unresponsive != null;
    }

    private void noteUnresponsive(String what) {
        if (unresponsive == null) {
            unresponsive = what;
        }
    }

    /** What the implementation did not answer in time in this scenario, or null when it answered everything. */
    public String unresponsive() {
        return unresponsive;
    }

    // ---- the script of the protocols created from now on

    public Script script() {
        return script;
    }

    public void react(Reaction reaction) {
        script = script.withReaction(reaction);
    }

    public void setEofReturns(Boolean value) {
        script = script.withEofReturns(value);
    }

    public void probe(io.asynciotck.tck.driver.Call call) {
        script = script.withProbe(call);
    }

    /** The protocol base class itself from now on (rule PR-3): for a server's connections, seen only on the wire. */
    public void useBareProtocols() {
        script = Script.BARE;
    }

    // ---- which side of a connection is under test

    /**
     * Makes the scenario's connection under test one the implementation's server accepted: "a connection
     * to the peer" starts a server of the implementation and connects the TCK's peer to it as a client
     * (RULES.md, stance S-17).
     */
    public void testAcceptedConnections() {
        if (listener != null || connection != null) {
            throw log.failure("the side under test must be chosen before the scenario connects anything");
        }
        accepted = true;
    }

    /** Whether the connection under test is one the implementation's server accepted. */
    public boolean testsAcceptedConnections() {
        return accepted;
    }

    // ---- TLS

    /** Makes the scenario's stream connections TLS connections (the listener, if any, must not exist yet). */
    public TlsSetup useTls() {
        if (tls == null) {
            if (listener != null) {
                throw log.failure("TLS must be chosen before the TCK's peer listens");
            }
            tls = new TlsSetup();
        }
        return tls;
    }

    /** The scenario's TLS settings; fails when its connections are plain TCP. */
    public TlsSetup tls() {
        if (tls == null) {
            throw log.failure("the scenario's connections are not TLS connections");
        }
        return tls;
    }

    public boolean usesTls() {
        return tls != null;
    }

    /** The TCK's listener answers every connection with {@code reply} and closes it, speaking no TLS. */
    public void peerAnswersInPlainText(byte[] reply) {
        if (listener != null) {
            throw log.failure("the TCK's peer is already listening");
        }
        listener = own(PeerListener.openAnswering(reply, log));
    }

    public PeerListener listener() {
        if (listener == null) {
            listener = own(tls == null ? PeerListener.open(PEER_RECEIVE_BUFFER, log)
                    : PeerListener.openTls(PEER_RECEIVE_BUFFER, tls.peerServerContext(), tls.clientCertificateRequired(),
                            tls.peerProtocol(), log));
        }
        return listener;
    }

    /**
     * {@code create_connection} to the TCK's listener (with TLS when the scenario uses it), without
     * accepting: the outcome, whatever it is.
     */
    public Outcome attemptConnectionToPeer() {
        PeerListener peerListener = listener();
        return tls == null ? session().createConnection(peerListener.host(), peerListener.port(), script)
                : session().createTlsConnection(peerListener.host(), peerListener.port(), tls.implementationClient(), script);
    }

    /**
     * The connection to the TCK's peer that the scenario tests: the implementation connects to the TCK's
     * listener, which accepts it; or, when the scenario {@linkplain #testAcceptedConnections() tests accepted
     * connections}, the TCK's peer connects to a server of the implementation, and the connection that
     * server accepted is the one under test. Either way the peer is a {@link PeerSocket} of the TCK, with
     * the same small receive buffer, and the protocol follows the scenario's script.
     */
    public ConnectionUnderTest connectToPeer(boolean overExistingSocket) {
        if (accepted) {
            if (overExistingSocket) {
                throw log.failure("create_connection(sock=...) makes a client connection: it has no accepted variant");
            }
            return acceptFromPeer();
        }
        PeerListener peerListener = listener();
        if (overExistingSocket && tls != null) {
            throw log.failure("create_connection(sock=...) is a plain TCP scenario: it does not run over TLS");
        }
        Outcome outcome = overExistingSocket
                ? session().createConnectionOverSocket(peerListener.host(), peerListener.port(), script)
                : attemptConnectionToPeer();
        if (outcome.isError()) {
            throw log.failure("create_connection to the peer at " + peerListener.host() + ":" + peerListener.port()
                    + (tls != null ? " over TLS" : "") + " raised " + outcome.error());
        }
        PeerSocket peer = own(peerListener.accept());
        connection = new ConnectionUnderTest(String.valueOf(outcome.value()), session(), log, peer);
        connection.await("connection_made");
        return connection;
    }

    /** A server of the implementation accepts the TCK's peer; that connection is the one under test. */
    private ConnectionUnderTest acceptFromPeer() {
        String server = startServer();
        PeerSocket peer = connectClient("peer", PEER_RECEIVE_BUFFER);
        List<Event> made = serverConnections();
        if (made.size() != 1) {
            throw log.failure("expected the server " + server + " to have accepted the TCK's peer only, it made "
                    + made.size() + " connections");
        }
        connection = new ConnectionUnderTest(made.get(0).target(), session(), log, peer);
        return connection;
    }

    // ---- datagram endpoints and the TCK's datagram peers

    /** The peer datagram socket called {@code name}, opened on first use. */
    public PeerDatagramSocket datagramPeer(String name) {
        return datagramPeers.computeIfAbsent(name, n -> own(PeerDatagramSocket.open(log)));
    }

    /**
     * Creates a datagram endpoint of the implementation, bound to {@code local} and connected to
     * {@code remote} (either may be null), and makes it the scenario's connection under test.
     */
    public ConnectionUnderTest createDatagramEndpoint(Values.Address local, Values.Address remote) {
        Outcome outcome = session().createDatagramEndpoint(local, remote, script);
        if (outcome.isError()) {
            throw log.failure("create_datagram_endpoint(local_addr=" + local + ", remote_addr=" + remote + ") raised "
                    + outcome.error());
        }
        connection = new ConnectionUnderTest(String.valueOf(outcome.value()), session(), log, null);
        connection.await("connection_made");
        return connection;
    }

    /** Starts a child process of the implementation and makes it the scenario's connection under test. */
    public ConnectionUnderTest createSubprocess(Values.SubprocessSpec spec) {
        Outcome outcome = session().createSubprocess(spec, script);
        if (outcome.isError()) {
            throw log.failure("starting the child " + spec.args() + " raised " + outcome.error());
        }
        connection = new ConnectionUnderTest(String.valueOf(outcome.value()), session(), log, null);
        connection.await("connection_made");
        return connection;
    }

    /**
     * {@code connect_read_pipe} on a pipe whose write end the TCK holds (the peer), and makes it the
     * scenario's connection under test.
     */
    public ConnectionUnderTest connectReadPipe() {
        PipeConnection<WritableByteChannel> pipe = session().connectReadPipe(script);
        return pipeConnection(pipe, "connect_read_pipe", () -> PeerPipe.writing(pipe.peerEnd(), log));
    }

    /**
     * {@code connect_write_pipe} on a pipe whose read end the TCK holds (the peer), and makes it the
     * scenario's connection under test.
     */
    public ConnectionUnderTest connectWritePipe() {
        PipeConnection<ReadableByteChannel> pipe = session().connectWritePipe(script);
        return pipeConnection(pipe, "connect_write_pipe", () -> PeerPipe.reading(pipe.peerEnd(), log));
    }

    private ConnectionUnderTest pipeConnection(PipeConnection<?> pipe, String what, Supplier<PeerPipe> peer) {
        if (pipe.outcome().isError()) {
            throw log.failure(what + " on a new pipe raised " + pipe.outcome().error());
        }
        connection = new ConnectionUnderTest(String.valueOf(pipe.outcome().value()), session(), log, own(peer.get()));
        connection.await("connection_made");
        return connection;
    }

    /** The connection under test; fails when the scenario made none. */
    public ConnectionUnderTest connection() {
        if (connection == null) {
            throw log.failure("the scenario has no connection under test yet");
        }
        return connection;
    }

    /**
     * The name of the thread that runs the loop, as the driver names the threads of events: the answer to
     * {@code current_thread} ({@link io.asynciotck.tck.driver.Call#DRIVER_METHODS}), which the driver runs
     * inside a callback of the loop, as every call. Asked through the connection under test, or else the
     * server.
     */
    public String loopThread() {
        String target = connection != null ? connection.id() : serverId;
        if (target == null) {
            throw log.failure("the scenario has no connection or server to ask the name of the loop's thread through");
        }
        Outcome outcome = session().invoke(target, io.asynciotck.tck.driver.Call.of("current_thread"));
        if (outcome.isError() || !(outcome.value() instanceof String name)) {
            throw log.failure("current_thread on " + target + " answered " + outcome
                    + ": the driver must answer the name of the thread the call ran on");
        }
        return name;
    }

    // ---- a server of the implementation, and the TCK's clients of it

    public String startServer() {
        Outcome outcome = tls == null ? session().createServer("127.0.0.1", 0, script)
                : session().createTlsServer("127.0.0.1", 0, tls.implementationServer(), script);
        if (outcome.isError()) {
            throw log.failure("create_server on 127.0.0.1" + (tls != null ? " with TLS" : "") + " raised " + outcome.error());
        }
        serverId = String.valueOf(outcome.value());
        serverRecords = !script.bare();
        Outcome addresses = session().invoke(serverId, io.asynciotck.tck.driver.Call.of("server_addresses"));
        if (addresses.isError() || !(addresses.value() instanceof List<?> list) || list.isEmpty()
                || !(list.get(0) instanceof Values.Address address)) {
            throw log.failure("server_addresses of " + serverId + " " + addresses);
        }
        serverAddress = address;
        return serverId;
    }

    public String serverId() {
        if (serverId == null) {
            throw log.failure("the scenario has no server yet");
        }
        return serverId;
    }

    public Values.Address serverAddress() {
        serverId();
        return serverAddress;
    }

    /** Connects a TCK client to the server and waits until the server's protocol has its connection_made. */
    public PeerSocket connectClient(String name) {
        return connectClient(name, 0);
    }

    /**
     * Connects a TCK client to the server and waits until the server's protocol has its connection_made
     * (unless its protocols record nothing).
     *
     * @param receiveBufferSize the client's SO_RCVBUF, set before it connects; 0 for the OS default
     */
    private PeerSocket connectClient(String name, int receiveBufferSize) {
        String server = serverId();
        Count made = log.catchUp(new Count(e -> e.callback().equals("connection_made") && server.equals(e.origin())));
        long before = made.value();
        PeerSocket client = own(tls == null
                ? PeerSocket.connect(serverAddress().host(), serverAddress().port(), receiveBufferSize, log)
                : PeerSocket.connectTls(serverAddress().host(), serverAddress().port(), receiveBufferSize,
                        tls.peerClientContext(), tls.peerProtocol(), log));
        clients.put(name, client);
        if (serverRecords) {
            log.awaitTally("connection_made number " + (before + 1) + " on a connection of server " + server,
                    log.timeouts().patienceForArrival(), made, count -> count.value() > before);
        }
        return client;
    }

    public PeerSocket client(String name) {
        PeerSocket client = clients.get(name);
        if (client == null) {
            throw log.failure("no client named '" + name + "' connected in this scenario");
        }
        return client;
    }

    /** The local addresses of the TCK's clients: what the server should see as their peernames. */
    public java.util.Set<Values.Address> clientAddresses() {
        java.util.Set<Values.Address> addresses = new java.util.HashSet<>();
        clients.values().forEach(c -> addresses.add(c.localAddress()));
        return addresses;
    }

    /** The connection_made events of connections the server accepted, in order. */
    public List<Event> serverConnections() {
        return log.snapshot().stream()
                .filter(e -> e.callback().equals("connection_made") && serverId.equals(e.origin()))
                .toList();
    }

    // ---- bookkeeping for assertions

    public void setLastOutcome(Outcome outcome) {
        this.lastOutcome = outcome;
    }

    public Outcome lastOutcome() {
        if (lastOutcome == null) {
            throw log.failure("no call was made before this step");
        }
        return lastOutcome;
    }

    /** Remembers the current end of the log, for "nothing after this point" checks (taken before the call that starts "after"). */
    public void markLog() {
        mark = log.size();
    }

    public long mark() {
        return mark;
    }

    /** Registers something to close at the end of the scenario; returns it. */
    public <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes the session first (so the implementation stops), then every peer, in reverse order. */
    @Override
    public void close() {
        RuntimeException failure = null;
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a peer failed", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
