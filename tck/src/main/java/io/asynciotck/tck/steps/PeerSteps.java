package io.asynciotck.tck.steps;

import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.Payloads;
import io.asynciotck.tck.harness.ScenarioContext;
import io.asynciotck.tck.peer.StreamPeer;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the TCK's peer at the other end of the connection does and sees. */
public class PeerSteps {

    private final ScenarioContext context;
    private String verification;

    public PeerSteps(ScenarioContext context) {
        this.context = context;
    }

    private StreamPeer peer() {
        return context.connection().peer();
    }

    @When("the peer sends {string}")
    public void peerSends(String text) {
        peer().send(ScriptSteps.bytes(text));
    }

    /** Sending to a transport that is closing may fail with a reset: that is not what the scenario checks. */
    @When("the peer tries to send {string}")
    public void peerTriesToSend(String text) {
        try {
            peer().send(ScriptSteps.bytes(text));
        } catch (UncheckedIOException ignored) {
            // the other end is already closed; nothing can be received either way
        }
    }

    @When("the peer sends {int} chunks of {int} bytes")
    public void peerSendsChunks(int chunks, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            pieces.add(Payloads.numbered((long) i * size, size));
        }
        peer().sendEach(pieces);
    }

    @When("the peer sends {int} bytes of numbered data in chunks of {int} bytes")
    public void peerSendsNumbered(int total, int chunk) {
        List<byte[]> pieces = new ArrayList<>();
        for (int offset = 0; offset < total; offset += chunk) {
            pieces.add(Payloads.numbered(offset, Math.min(chunk, total - offset)));
        }
        peer().sendEach(pieces);
    }

    @When("the peer closes its write side")
    public void peerShutsDownOutput() {
        peer().shutdownOutput();
    }

    @When("the peer closes the connection")
    public void peerCloses() {
        peer().close();
    }

    @When("the peer resets the connection")
    public void peerResets() {
        peer().reset();
    }

    @Then("the peer receives {string}")
    public void peerReceives(String text) {
        String got = new String(peer().readExactly(text.length()), StandardCharsets.UTF_8);
        if (!got.equals(text)) {
            throw context.log().failure("expected the peer to receive '" + text + "', got '" + got + "'");
        }
    }

    @Then("the peer sees the end of the stream")
    public void peerSeesEof() {
        byte[] rest = peer().readUntilEof();
        if (rest.length > 0) {
            throw context.log().failure("expected the end of the stream, but the peer first received "
                    + rest.length + " more bytes");
        }
    }

    @When("the peer reads everything the transport wrote")
    public void peerReadsEverything() {
        peerReads(Math.toIntExact(context.connection().written().unread()));
    }

    /**
     * The write buffer then drains in steps no bigger than what the socket takes at once after a read
     * of {@code step} bytes: it cannot jump from megabytes to empty because the peer read everything.
     */
    @When("the peer reads everything the transport wrote, {int} bytes at a time, letting the write buffer settle after each")
    public void peerReadsEverythingInSteps(int step) {
        ConnectionUnderTest connection = context.connection();
        long unread;
        while ((unread = connection.written().unread()) > 0) {
            peerReads((int) Math.min(step, unread));
            connection.awaitStableBufferSize();
        }
    }

    private void peerReads(int count) {
        byte[] data = peer().readExactly(count);
        String problem = context.connection().written().verifyAndConsume(data);
        if (problem != null && verification == null) {
            verification = problem;
        }
    }

    @When("the peer reads until the end of the stream or a reset")
    public void peerReadsUntilEofOrReset() {
        peer().readUntilEofOrReset();
    }

    @Then("the peer received every byte in order")
    public void peerReceivedEverything() {
        if (verification != null) {
            throw context.log().failure("the data the peer received is not what was written: " + verification);
        }
        if (context.connection().written().unread() != 0) {
            throw context.log().failure("the peer has not read " + context.connection().written().unread() + " bytes yet");
        }
    }

    @Then("the peer receives less than the transport wrote")
    public void peerMissesBufferedBytes() {
        ConnectionUnderTest connection = context.connection();
        long buffered = connection.bufferedAtAbort();
        if (buffered == 0) {
            throw context.log().failure("get_write_buffer_size() was 0 right before abort(): nothing was buffered to lose");
        }
        byte[] received = peer().readUntilEofOrReset();
        long written = connection.written().written();
        if (received.length >= written) {
            throw context.log().failure("abort() should lose the buffered data (" + buffered + " bytes by"
                    + " get_write_buffer_size() right before it), but the peer received all " + written
                    + " bytes the transport was asked to write");
        }
        String corrupted = connection.written().verifyAndConsume(received);
        if (corrupted != null) {
            throw context.log().failure("what the peer received before the abort is not the start of what was written: "
                    + corrupted);
        }
    }

    @Given("the peer's receive window is full")
    @Given("the pipe is full")
    public void windowFull() {
        context.connection().fillPeerWindow();
    }

    @When("the peer stops reading and the transport writes {int}-byte chunks until one stays buffered")
    public void chunksUntilBuffered(int chunkSize) {
        context.connection().writeChunksUntilBuffered(chunkSize);
    }
}
