package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Count;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.Payloads;
import io.asynciotck.tck.harness.ScenarioContext;
import io.asynciotck.tck.peer.PeerDatagramSocket;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Datagram endpoints of the implementation and the TCK's peer datagram sockets. */
public class DatagramSteps {

    /** The peer of scenarios that have one peer datagram socket. */
    private static final String PEER = "peer";
    private static final Values.Address LOOPBACK_ANY_PORT = new Values.Address("127.0.0.1", 0);

    private final ScenarioContext context;
    private List<Outcome> batch = List.of();
    private List<byte[]> sent = List.of();
    /** The endpoint's sockname, read when it was created: where the peers send to. */
    private Values.Address endpointAddress;

    public DatagramSteps(ScenarioContext context) {
        this.context = context;
    }

    private ConnectionUnderTest endpoint() {
        return context.connection();
    }

    private PeerDatagramSocket peer() {
        return context.datagramPeer(PEER);
    }

    private Values.Address endpointAddress() {
        if (endpointAddress == null) {
            endpointAddress = sockname();
        }
        return endpointAddress;
    }

    private Values.Address sockname() {
        Object sockname = endpoint().require("get_extra_info", "sockname");
        if (!(sockname instanceof Values.Address address)) {
            throw context.log().failure("get_extra_info('sockname') of the endpoint is " + Call.describe(sockname)
                    + ", not an address the peer can send to");
        }
        return address;
    }

    // ---- set-up

    @Given("a peer datagram socket on the loopback interface")
    public void peerDatagramSocket() {
        peer();
    }

    @Given("peer datagram sockets {string} and {string} on the loopback interface")
    public void namedPeers(String first, String second) {
        context.datagramPeer(first);
        context.datagramPeer(second);
    }

    @Given("a peer datagram socket {string} on the loopback interface")
    public void namedPeer(String name) {
        context.datagramPeer(name);
    }

    @Given("a datagram endpoint on the loopback interface")
    public void unconnectedEndpoint() {
        context.createDatagramEndpoint(LOOPBACK_ANY_PORT, null);
        endpointAddress();
    }

    @Given("a datagram endpoint connected to the peer")
    public void connectedEndpoint() {
        context.createDatagramEndpoint(null, peer().address());
        endpointAddress();
    }

    @Given("a datagram endpoint connected to a port where nothing listens")
    public void endpointToClosedPort() {
        context.createDatagramEndpoint(null, new Values.Address("127.0.0.1", PeerDatagramSocket.closedPort()));
    }

    @When("the peer datagram socket is closed")
    public void peerClosed() {
        peer().close();
    }

    // ---- the endpoint sends

    @When("the endpoint sends {string} to the peer")
    public void sendsToPeer(String text) {
        expectOk(endpoint().call("sendto", ScriptSteps.bytes(text), peer().address()));
    }

    /** {@code sendto(data, addr)} to the named peer; the outcome is kept, an error included. */
    @When("the endpoint sends {string} to {string}")
    public void sendsToNamedPeer(String text, String name) {
        context.setLastOutcome(endpoint().call("sendto", ScriptSteps.bytes(text), context.datagramPeer(name).address()));
    }

    @When("the endpoint sends {string} without an address")
    public void sendsWithoutAddress(String text) {
        expectOk(endpoint().call("sendto", ScriptSteps.bytes(text), null));
    }

    @When("the endpoint sends {int} datagrams of {int} bytes without an address, in one batch")
    public void sendsBatch(int count, int size) {
        List<byte[]> datagrams = new ArrayList<>();
        Call[] calls = new Call[count];
        for (int i = 0; i < count; i++) {
            byte[] data = Payloads.numbered((long) i * 7, size);
            datagrams.add(data);
            calls[i] = Call.of("sendto", data, null);
        }
        sent = datagrams;
        batch = endpoint().batch(calls);
    }

    @Then("every sendto call returned")
    public void everySendtoReturned() {
        for (Outcome outcome : batch) {
            if (outcome.isError()) {
                throw context.log().failure("sendto raised " + outcome.error() + " in a batch of " + batch.size());
            }
        }
    }

    private void expectOk(Outcome outcome) {
        context.setLastOutcome(outcome);
        if (outcome.isError()) {
            throw context.log().failure("sendto raised " + outcome.error());
        }
    }

    // ---- the peers see

    @Then("the peer receives the datagram {string}")
    public void peerReceives(String text) {
        receives(peer(), text);
    }

    @Then("{string} receives the datagram {string}")
    public void namedPeerReceives(String name, String text) {
        receives(context.datagramPeer(name), text);
    }

    private PeerDatagramSocket.Received receives(PeerDatagramSocket socket, String text) {
        PeerDatagramSocket.Received received = socket.receive();
        String got = new String(received.data(), StandardCharsets.UTF_8);
        if (!got.equals(text)) {
            throw context.log().failure("expected the datagram '" + text + "', the peer received '" + got + "'");
        }
        return received;
    }

    @Then("the peer receives the datagram {string} from the endpoint's sockname")
    public void peerReceivesFromSockname(String text) {
        PeerDatagramSocket.Received received = receives(peer(), text);
        Values.Address sockname = sockname();
        if (!received.from().equals(sockname)) {
            throw context.log().failure("the datagram came from " + received.from()
                    + " but get_extra_info('sockname') is " + sockname);
        }
    }

    @Then("the peer receives no datagram within the quiet period")
    public void peerReceivesNothing() {
        peer().assertNothingReceivedWithinQuietPeriod();
    }

    /** Stance S-7: the last sendto either raised an invalid value error or sent to the address it was given. */
    @Then("sendto raised an invalid value error, or {string} receives the datagram {string}")
    public void raisedInvalidValueOrDelivered(String name, String text) {
        Outcome outcome = context.lastOutcome();
        if (!outcome.isError()) {
            receives(context.datagramPeer(name), text);
        } else if (outcome.error().kind() != ErrorKind.INVALID_VALUE) {
            throw context.log().failure("sendto(data, " + context.datagramPeer(name).address() + ") on an endpoint connected to "
                    + peer().address() + " raised " + outcome.error() + ": it may raise an invalid value error (ValueError), "
                    + "or send the datagram to the address it was given");
        }
    }

    @Then("the peer receives those {int} datagrams, in any order")
    public void peerReceivesAll(int count) {
        Comparator<byte[]> order = Arrays::compare;
        List<byte[]> expected = new ArrayList<>(sent);
        List<byte[]> got = new ArrayList<>();
        peer().receive(count).forEach(r -> got.add(r.data()));
        expected.sort(order);
        got.sort(order);
        for (int i = 0; i < count; i++) {
            if (!Arrays.equals(expected.get(i), got.get(i))) {
                throw context.log().failure("the " + count + " datagrams received differ from the ones sent");
            }
        }
    }

    // ---- the peers send

    @When("the peer sends the datagram {string} to the endpoint")
    @When("the peer sends the datagram {string} back to the endpoint")
    public void peerSends(String text) {
        peer().send(ScriptSteps.bytes(text), endpointAddress());
    }

    @When("{string} sends the datagram {string} to the endpoint")
    public void namedPeerSends(String name, String text) {
        context.datagramPeer(name).send(ScriptSteps.bytes(text), endpointAddress());
    }

    @When("the peer sends an empty datagram to the endpoint")
    public void peerSendsEmpty() {
        peer().send(new byte[0], endpointAddress());
    }

    // ---- the protocol sees

    private Event awaitDatagram(String text) {
        String id = endpoint().id();
        byte[] expected = ScriptSteps.bytes(text);
        return context.log().await("datagram_received(" + Call.describe(expected) + ", ...) on " + id,
                e -> e.is(id, "datagram_received") && e.arg(0) instanceof byte[] data && Arrays.equals(data, expected));
    }

    @Then("the protocol receives the datagram {string}")
    public void protocolReceives(String text) {
        awaitDatagram(text);
    }

    @Then("the protocol receives the datagram {string} from the peer")
    public void protocolReceivesFromPeer(String text) {
        Event event = awaitDatagram(text);
        if (!peer().address().equals(event.arg(1))) {
            throw context.log().failure("datagram_received's addr is " + Call.describe(event.arg(1))
                    + ", the peer's address is " + peer().address());
        }
    }

    @Then("the protocol receives an empty datagram from the peer")
    public void protocolReceivesEmpty() {
        protocolReceivesFromPeer("");
    }

    @Then("datagram_received is not called within the quiet period")
    public void noDatagram() {
        String id = endpoint().id();
        context.log().assertNothingWithinQuietPeriod("no datagram_received on " + id, e -> e.is(id, "datagram_received"));
    }

    @Then("error_received is called with an OS error")
    public void errorReceived() {
        Event event = endpoint().await("error_received");
        if (!(event.arg(0) instanceof Values.ExceptionInfo error) || error.kind() != ErrorKind.OS_ERROR) {
            throw context.log().failure("expected error_received with an OSError, got " + event);
        }
    }

    @Then("get_extra_info {string} is the peer datagram socket's address")
    public void extraInfoIsPeerAddress(String name) {
        Object value = endpoint().require("get_extra_info", name);
        if (!peer().address().equals(value)) {
            throw context.log().failure("get_extra_info('" + name + "') is " + Call.describe(value)
                    + ", the peer's address is " + peer().address());
        }
    }

    @Then("one protocol instance received both datagrams")
    public void oneProtocolInstance() {
        // the peers have their echoes, but an out-of-process driver's event lines may still be on their way
        context.log().awaitTally("two datagram_received calls", context.log().timeouts().patienceForArrival(),
                new Count(e -> e.callback().equals("datagram_received")), count -> count.value() >= 2);
        List<Event> all = context.log().snapshot();
        List<Event> made = all.stream().filter(e -> e.callback().equals("connection_made")).toList();
        Set<String> receivers = all.stream()
                .filter(e -> e.callback().equals("datagram_received")).map(Event::target).collect(Collectors.toSet());
        if (made.size() != 1 || !receivers.equals(Set.of(endpoint().id()))) {
            throw context.log().failure("expected one protocol instance: got " + made.size()
                    + " connection_made calls and datagram_received on " + receivers);
        }
    }
}
