package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.Patience;
import io.asynciotck.tck.harness.ScenarioContext;
import io.asynciotck.tck.peer.PeerSocket;
import io.asynciotck.tck.peer.RefusingPort;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Making connections: to the TCK's peer, from TCK clients to a server of the implementation. */
public class ConnectionSteps {

    private final ScenarioContext context;
    private int closedPort;

    public ConnectionSteps(ScenarioContext context) {
        this.context = context;
    }

    /** On an accepted connection the TCK's peer is the client, which connects when the connection is made. */
    @Given("a peer listening on the loopback interface")
    public void peerListening() {
        if (!context.testsAcceptedConnections()) {
            context.listener();
        }
    }

    @Given("a connection to the peer")
    @When("a connection to the peer is made")
    public void connectionToPeer() {
        context.connectToPeer(false);
    }

    @Given("a connection to the peer made over an already-connected socket")
    public void connectionOverSocket() {
        context.connectToPeer(true);
    }

    @Given("a pipe the transport reads and the peer writes")
    public void readPipe() {
        context.connectReadPipe();
    }

    @Given("a pipe the transport writes and the peer reads")
    public void writePipe() {
        context.connectWritePipe();
    }

    @Given("a port where nothing listens")
    public void portWhereNothingListens() {
        closedPort = context.own(RefusingPort.open()).port();
    }

    @When("a connection to that port is attempted")
    public void connectionAttempted() {
        context.setLastOutcome(context.session().createConnection("127.0.0.1", closedPort, context.script()));
    }

    @Then("the attempt fails with an OS error")
    public void attemptFailsWithOsError() {
        Outcome outcome = context.lastOutcome();
        if (!outcome.isError() || outcome.error().kind() != ErrorKind.OS_ERROR) {
            throw context.log().failure("create_connection to a closed port: expected an OS error, got " + outcome);
        }
    }

    // ---- servers

    @Given("a server listening on the loopback interface")
    public void serverListening() {
        context.startServer();
    }

    @When("a client connects to the server")
    public void aClientConnects() {
        context.connectClient("client");
    }

    @When("client {string} connects to the server")
    public void clientConnects(String name) {
        context.connectClient(name);
    }

    @When("client {string} sends {string}")
    public void clientSends(String name, String text) {
        context.client(name).send(ScriptSteps.bytes(text));
    }

    @Then("client {string} receives {string} and then the end of the stream")
    public void clientReceivesThenEof(String name, String text) {
        PeerSocket client = context.client(name);
        assertThat(new String(client.readExactly(text.length()), java.nio.charset.StandardCharsets.UTF_8))
                .as(() -> context.log().describe("what client '" + name + "' received")).isEqualTo(text);
        assertThat(client.readUntilEof()).as(() -> context.log().describe(
                "data client '" + name + "' received after the echo, before the end of the stream")).isEmpty();
    }

    @Then("connection_made is called once on the server's connection")
    public void connectionMadeOnServerConnection() {
        List<Event> made = context.serverConnections();
        if (made.size() != 1) {
            throw context.log().failure("expected one connection_made on the server's connections, got " + made.size());
        }
    }

    @When("client {string} closes its write side")
    public void clientShutsOutput(String name) {
        context.client(name).shutdownOutput();
    }

    @Then("client {string} receives nothing but the end of the stream")
    public void clientReceivesOnlyEof(String name) {
        assertThat(context.client(name).readUntilEof()).as(() -> context.log().describe(
                "data client '" + name + "' received before the end of the stream")).isEmpty();
    }

    @When("client {string} reads until the end of the stream")
    public void clientReadsUntilEof(String name) {
        context.client(name).readUntilEofOrReset();
    }

    /** Waits for connection_lost on every connection the server made, whatever its argument. */
    @When("connection_lost has been called on each of the server's connections")
    public void connectionLostOnServerConnections() {
        List<Event> made = context.serverConnections();
        if (made.isEmpty()) {
            throw context.log().failure("the server made no connection");
        }
        made.forEach(connection -> context.log().awaitCallback(connection.target(), "connection_lost"));
    }

    @Then("the server made {int} connections, each with its own protocol")
    public void serverMadeConnections(int count) {
        List<Event> made = context.serverConnections();
        Set<String> protocols = made.stream().map(Event::target).collect(Collectors.toSet());
        if (made.size() != count || protocols.size() != count) {
            throw context.log().failure("expected " + count + " connection_made calls on " + count
                    + " distinct protocol instances, got " + made.size() + " calls on " + protocols);
        }
    }

    @Then("in connection_made each server connection's peername was its client's address")
    public void peernameInConnectionMade() {
        Set<Values.Address> clients = context.clientAddresses();
        Set<Object> peernames = context.serverConnections().stream()
                .map(e -> e.probes().get(Call.of("get_extra_info", "peername").toString()))
                .collect(Collectors.toSet());
        if (!peernames.equals(clients)) {
            throw context.log().failure("expected the peernames seen in connection_made to be the clients' addresses "
                    + clients + ", got " + peernames);
        }
    }

    @When("the server is closed")
    public void serverClosed() {
        Outcome outcome = context.session().invoke(context.serverId(), Call.of("server_close"));
        if (outcome.isError()) {
            throw context.log().failure("server.close() raised " + outcome.error());
        }
    }

    @Then("waiting for the server to close completes")
    public void waitClosedCompletes() {
        Outcome outcome = context.session().invoke(context.serverId(), Call.of("server_wait_closed"));
        if (outcome.isError()) {
            throw context.log().failure("server.wait_closed() raised " + outcome.error());
        }
    }

    /**
     * The closed server accepts no connection: a connection to its address is refused, or, if something
     * accepts it, the server makes no connection of it. A port freed by a closed server can be taken at
     * once by any other socket bound to port 0 (another run's, when runs share a process, as the
     * self-test's do), so a connection that succeeds proves nothing by itself; a {@code connection_made}
     * of the closed server does.
     */
    @Then("a new client cannot connect to the server's address")
    public void newClientCannotConnect() throws IOException {
        Values.Address address = context.serverAddress();
        String server = context.serverId();
        Patience patience = context.log().timeouts().patienceForArrival();
        long mark = context.log().size();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()),
                    (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(patience.remainingNanos())));
            context.log().assertNothingWithinQuietPeriod("no connection_made on the closed server " + server
                            + " for a client connecting to its address " + address,
                    e -> e.seq() > mark && e.callback().equals("connection_made") && server.equals(e.origin()));
        } catch (ConnectException expected) {
            // refused: nothing listens there any more
        } catch (SocketTimeoutException e) {
            throw context.log().timedOut(patience, "the closed server's address " + address + " to refuse a connection");
        }
    }
}
