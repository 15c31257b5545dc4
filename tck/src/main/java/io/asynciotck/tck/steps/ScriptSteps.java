package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.Reaction;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.en.Given;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the protocols created from now on do: their reactions, eof_received's result, their probes. */
public class ScriptSteps {

    static final Call BUFFER_SIZE = Call.of("get_write_buffer_size");

    private final ScenarioContext context;

    public ScriptSteps(ScenarioContext context) {
        this.context = context;
    }

    @Given("the protocol writes {string} in connection_made")
    public void writesInConnectionMade(String text) {
        context.react(new Reaction("connection_made", 1, List.of(Call.of("write", bytes(text)))));
    }

    @Given("^the protocol's eof_received returns (true|false)$")
    public void eofReturns(String value) {
        context.setEofReturns(Boolean.valueOf(value));
    }

    @Given("the server's protocols override no callback")
    public void bareProtocols() {
        context.useBareProtocols();
    }

    @Given("the protocol keeps the default eof_received")
    public void defaultEof() {
        context.setEofReturns(null);
    }

    @Given("the protocol echoes received data and closes the transport")
    public void echoAndClose() {
        context.react(new Reaction("data_received", 0,
                List.of(Call.of("write", Values.Placeholder.RECEIVED_DATA), Call.of("close"))));
    }

    /** The first time the callback is called, it closes (or aborts) its own transport. */
    @Given("^the protocol (closes|aborts) the transport on (data_received|datagram_received|pipe_data_received)$")
    public void closeOn(String verb, String callback) {
        context.react(new Reaction(callback, 1, List.of(Call.of(verb.equals("closes") ? "close" : "abort"))));
    }

    @Given("the protocol sends {string} without an address in connection_made")
    public void sendtoInConnectionMade(String text) {
        context.react(new Reaction("connection_made", 1, List.of(Call.of("sendto", bytes(text), null))));
    }

    @Given("the protocol echoes each datagram to its sender")
    public void echoDatagrams() {
        context.react(new Reaction("datagram_received", 0, List.of(Call.of("sendto",
                Values.Placeholder.RECEIVED_DATA, Values.Placeholder.RECEIVED_ADDRESS))));
    }

    @Given("the protocol records the write buffer size in every callback")
    public void probeBufferSize() {
        context.probe(BUFFER_SIZE);
    }

    @Given("the protocol records get_extra_info {string} in every callback")
    public void probeExtraInfo(String name) {
        context.probe(Call.of("get_extra_info", name));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
