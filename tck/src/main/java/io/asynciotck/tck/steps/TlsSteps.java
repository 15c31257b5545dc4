package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.harness.BulkTransfer;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.ScenarioContext;
import io.asynciotck.tck.peer.PeerSocket;
import io.asynciotck.tck.tls.PemContexts;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** TLS: the certificates and versions of each side, handshakes that fail, and TLS's extra information. */
public class TlsSteps {

    private final ScenarioContext context;

    public TlsSteps(ScenarioContext context) {
        this.context = context;
    }

    // ---- the set-up

    @Given("the server side presents the {string} certificate")
    public void serverPresents(String certificate) {
        context.useTls().serverPresents(certificate);
    }

    @Given("the client side presents the {string} certificate")
    public void clientPresents(String certificate) {
        context.useTls().clientPresents(certificate);
    }

    @Given("the server side requires a client certificate")
    public void requireClientCertificate() {
        context.useTls().requireClientCertificate();
    }

    @Given("the implementation's client trusts no certificate authority")
    public void trustsNothing() {
        context.useTls().clientTrustsNothing();
    }

    @Given("the implementation's client checks the server host name {string}")
    public void serverHostname(String name) {
        context.useTls().serverHostname(name);
    }

    @Given("both sides allow only {word}")
    public void bothProtocols(String protocol) {
        context.useTls().protocol(protocol);
    }

    @Given("the implementation allows only {word} and the peer only {word}")
    public void protocols(String implementation, String peer) {
        context.useTls().implementationProtocol(implementation);
        context.useTls().peerProtocol(peer);
    }

    @Given("the peer answers in plain text, not TLS")
    public void plainTextPeer() {
        context.useTls();
        context.peerAnswersInPlainText("HTTP/1.0 400 Bad Request\r\n\r\nthis is not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    // ---- handshakes

    @When("the implementation tries to connect to the peer over TLS")
    public void tryToConnect() {
        context.setLastOutcome(context.attemptConnectionToPeer());
    }

    @Then("the connection fails with an error and no protocol callback is made")
    public void connectionFailsSilently() {
        Outcome outcome = context.lastOutcome();
        if (!outcome.isError()) {
            throw context.log().failure("expected create_connection to fail the TLS handshake, but it gave connection "
                    + outcome.value());
        }
        context.log().assertNothingWithinQuietPeriod("no protocol callback after a failed TLS handshake",
                e -> !e.target().equals("loop"));
    }

    @When("a client that trusts no certificate authority tries to connect to the server")
    public void untrustingClient() {
        Values.Address server = context.serverAddress();
        Values.TlsSpec trustsNothing = new Values.TlsSpec(null, null, null, null, context.tls().peerProtocol(), false);
        try (PeerSocket client = PeerSocket.connectTls(server.host(), server.port(), 0, PemContexts.of(trustsNothing),
                context.tls().peerProtocol(), context.log())) {
            throw context.log().failure("a client that trusts no certificate authority completed a TLS handshake with "
                    + "the server: " + client.remoteAddress());
        } catch (AssertionError expected) {
            if (expected.getMessage().contains("completed a TLS handshake")) {
                throw expected;
            }
            // the client refused the server's certificate, as it had to
        }
    }

    // ---- bulk transfers

    private static final long MIB = 1024 * 1024;
    private BulkTransfer.Result sent;
    private BulkTransfer.Result received;

    @When("the transport writes {int} MiB while the peer reads them in bursts of {int} MiB")
    public void bulkToPeer(int mib, int burstMib) {
        sent = new BulkTransfer(context.connection(), context.session(), context.log(), burstMib * MIB).toPeer(mib * MIB);
    }

    @Then("the peer received them intact, and pause_writing and resume_writing came in pairs")
    public void bulkToPeerChecked() {
        if (!sent.intact()) {
            throw context.log().failure("the peer did not receive what the transport wrote: " + sent.difference());
        }
        if (sent.stops() == 0 || sent.pauses() == 0 || sent.pauses() != sent.resumes()) {
            throw context.log().failure("the peer stopped reading " + sent.stops() + " times; pause_writing came "
                    + sent.pauses() + " times and resume_writing " + sent.resumes()
                    + " times: expected the protocol paused at every stop, and each pause resumed");
        }
    }

    @When("the peer sends {int} MiB while the transport pauses reading after every {int} MiB")
    public void bulkFromPeer(int mib, int burstMib) {
        received = new BulkTransfer(context.connection(), context.session(), context.log(), burstMib * MIB)
                .fromPeer(mib * MIB);
    }

    @Then("the protocol received them intact, held back at every pause")
    public void bulkFromPeerChecked() {
        if (!received.intact()) {
            throw context.log().failure("data_received did not deliver what the peer sent: " + received.difference());
        }
        if (received.stops() == 0) {
            throw context.log().failure("reading was never paused during the transfer");
        }
    }

    // ---- extra information

    private ConnectionUnderTest transport() {
        return context.connection();
    }

    @Then("get_extra_info \"compression\" is None or a string")
    public void compression() {
        Object value = transport().require("get_extra_info", "compression");
        if (value != null && !(value instanceof String)) {
            throw context.log().failure("get_extra_info('compression') is " + Call.describe(value)
                    + ", expected None or the algorithm's name");
        }
    }

    @Then("get_extra_info \"cipher\" is a cipher name, the protocol version {word} and a number of secret bits")
    public void cipher(String protocol) {
        Object value = transport().require("get_extra_info", "cipher");
        if (!(value instanceof List<?> cipher) || cipher.size() != 3 || !(cipher.get(0) instanceof String name)
                || name.isEmpty() || !(cipher.get(2) instanceof Long bits) || bits <= 0) {
            throw context.log().failure("get_extra_info('cipher') is " + Call.describe(value)
                    + ", expected (cipher name, protocol version, secret bits)");
        }
        if (!protocol.equals(cipher.get(1))) {
            throw context.log().failure("get_extra_info('cipher') is " + Call.describe(value) + ": its protocol version "
                    + "should be " + protocol + ", the version negotiated with the TCK's peer");
        }
    }

    @Then("^get_extra_info \"peercert\" is (None|the certificate the peer presented)$")
    public void peercert(String expected) {
        checkPeercert(transport().require("get_extra_info", "peercert"), expected, "the connection");
    }

    @Then("^in connection_made the server's connection saw get_extra_info \"peercert\" (None|the certificate the peer presented)$")
    public void serverPeercert(String expected) {
        List<Event> made = context.serverConnections();
        if (made.isEmpty()) {
            throw context.log().failure("the server made no connection");
        }
        Object value = made.get(0).probes().get(Call.of("get_extra_info", "peercert").toString());
        checkPeercert(value, expected, "the server's connection");
    }

    private void checkPeercert(Object value, String expected, String where) {
        boolean none = expected.equals("None");
        if (none ? value != null : !(value instanceof Values.Opaque)) {
            throw context.log().failure("get_extra_info('peercert') of " + where + " is " + Call.describe(value)
                    + ", expected " + (none ? "None: the peer presented no certificate" : "the peer's certificate"));
        }
    }
}
