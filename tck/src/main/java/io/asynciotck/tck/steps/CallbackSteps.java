package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.harness.CallbackPattern;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.Payloads;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;
import java.util.stream.Collectors;

/** What the protocol of the connection under test was called with, checked on the recorded log. */
public class CallbackSteps {

    private final ScenarioContext context;

    public CallbackSteps(ScenarioContext context) {
        this.context = context;
    }

    private ConnectionUnderTest connection() {
        return context.connection();
    }

    /** Waits for the callback, then checks it was called exactly once so far. */
    private Event calledOnce(String callback) {
        Event first = connection().await(callback);
        int count = connection().events(callback).size();
        if (count != 1) {
            throw context.log().failure("expected " + callback + " once on " + connection().id() + ", got " + count + " calls");
        }
        return first;
    }

    @Then("connection_made is called once")
    public void connectionMadeOnce() {
        calledOnce("connection_made");
    }

    @Then("the call that created it returned it only after its connection_made")
    public void returnedAfterConnectionMade() {
        connection().assertReturnedAfterConnectionMade();
    }

    @Then("the call that created it returned the transport its connection_made received")
    public void returnedTheMadeTransport() {
        connection().assertReturnedTheMadeTransport();
    }

    @Then("^connection_lost began only after (data_received|datagram_received|pipe_data_received) returned$")
    public void lostAfterReturnOf(String callback) {
        connection().assertBeganAfterReturnOf("connection_lost", callback);
    }

    @Then("connection_lost is called once with None")
    public void connectionLostNone() {
        Event lost = calledOnce("connection_lost");
        if (lost.arg(0) != null) {
            throw context.log().failure("expected connection_lost(None), got connection_lost(" + lost.arg(0) + ")");
        }
    }

    /** For scenarios whose rule says nothing of connection_lost's argument: they still end on it. */
    @Then("connection_lost is called once, with None or an exception")
    public void connectionLostAny() {
        calledOnce("connection_lost");
    }

    @Then("connection_lost is called once with an exception")
    public void connectionLostException() {
        Event lost = calledOnce("connection_lost");
        if (!(lost.arg(0) instanceof Values.ExceptionInfo)) {
            throw context.log().failure("expected connection_lost with an exception, got connection_lost(" + lost.arg(0) + ")");
        }
    }

    @Then("^connection_lost is not called (?:while the peer is not reading|within the quiet period)$")
    public void connectionLostNotCalled() {
        String id = connection().id();
        context.log().assertNothingWithinQuietPeriod("no connection_lost on " + id, e -> e.is(id, "connection_lost"));
    }

    @Then("^data_received is not called after the transport was (?:closed|aborted)$")
    public void noDataAfterMark() {
        String id = connection().id();
        long mark = context.mark();
        context.log().assertNothingWithinQuietPeriod("no data_received on " + id + " after event #" + mark,
                e -> e.seq() > mark && e.is(id, "data_received"));
    }

    @Then("data_received is not called while reading is paused")
    public void noDataWhilePaused() {
        String id = connection().id();
        context.log().assertNothingWithinQuietPeriod("no data_received on " + id + " while reading is paused",
                e -> e.is(id, "data_received"));
    }

    @Then("the protocol receives {string}")
    public void protocolReceives(String text) {
        connection().awaitReceived(ScriptSteps.bytes(text));
    }

    @Then("the protocol receives those bytes in order")
    public void protocolReceivesNumbered() {
        long sent = connection().peer().totalWritten();
        byte[] all = connection().received().awaitSize(sent).all();
        long mismatch = Payloads.firstMismatch(0, all);
        if (mismatch >= 0 || all.length != sent) {
            throw context.log().failure("the data received differs from what the peer sent "
                    + (mismatch >= 0 ? "at byte " + mismatch : "in length: " + all.length));
        }
    }

    @Then("eof_received is called once")
    public void eofReceivedOnce() {
        calledOnce("eof_received");
    }

    @Then("eof_received was called at most once")
    public void eofAtMostOnce() {
        int count = connection().events("eof_received").size();
        if (count > 1) {
            throw context.log().failure("eof_received was called " + count + " times");
        }
    }

    @Then("no data_received was recorded after eof_received")
    public void noDataAfterEof() {
        List<Event> events = context.log().of(connection().id());
        boolean eofSeen = false;
        for (Event e : events) {
            if (e.callback().equals("eof_received")) {
                eofSeen = true;
            } else if (eofSeen && e.callback().equals("data_received")) {
                throw context.log().failure("data_received after eof_received: " + e);
            }
        }
    }

    @Then("every data_received call carried non-empty bytes")
    public void dataNonEmpty() {
        for (Event e : connection().events("data_received")) {
            if (!(e.arg(0) instanceof byte[] data) || data.length == 0) {
                throw context.log().failure("data_received with empty or missing data: " + e);
            }
        }
    }

    @Then("no callback arrives after connection_lost")
    public void nothingAfterConnectionLost() {
        String id = connection().id();
        Event lost = connection().await("connection_lost");
        context.log().assertNothingWithinQuietPeriod("no callback on " + id + " after connection_lost",
                e -> e.seq() > lost.seq() && e.target().equals(id));
    }

    @Then("no callback began while another one was running")
    public void noCallbackOverlapped() {
        for (Event e : context.log().snapshot()) {
            if (e.concurrent()) {
                throw context.log().failure(e.callback() + " on " + e.target() + " began on thread " + e.thread()
                        + " while another callback was running: " + e);
            }
        }
    }

    /**
     * Waits for a callback on the connection under test, whatever its arguments and however often: for
     * scenarios that need it to have happened and assert nothing of it.
     */
    @When("^(connection_made|connection_lost|data_received|eof_received|pause_writing|resume_writing|datagram_received"
            + "|error_received|pipe_data_received|pipe_connection_lost|process_exited) has been called$")
    public void hasBeenCalled(String callback) {
        connection().await(callback);
    }

    /**
     * Every protocol callback recorded so far ran on the thread that runs the loop (stance S-22); the
     * loop's own exception handler is not a protocol callback.
     */
    @Then("every callback ran on the thread that runs the loop")
    public void everyCallbackOnTheLoopThread() {
        String loopThread = context.loopThread();
        List<Event> callbacks = context.log().snapshot().stream().filter(e -> !e.target().equals("loop")).toList();
        List<Event> strays = callbacks.stream().filter(e -> !loopThread.equals(e.thread())).toList();
        if (!strays.isEmpty()) {
            throw context.log().failure(strays.size() + " of the " + callbacks.size()
                    + " callbacks did not run on the thread that runs the loop, '" + loopThread + "': "
                    + strays.stream().limit(5)
                            .map(e -> e.callback() + " on " + e.target() + " ran on thread '" + e.thread() + "'")
                            .collect(Collectors.joining("; "))
                    + (strays.size() > 5 ? "; ..." : ""));
        }
    }

    @Then("the recorded callbacks match {string}")
    public void callbacksMatch(String pattern) {
        CallbackPattern expected = CallbackPattern.parse(pattern);
        List<String> names = context.log().of(connection().id()).stream().map(Event::callback).toList();
        if (!expected.matches(names)) {
            throw context.log().failure("the callbacks of " + connection().id() + " " + names
                    + " do not match \"" + expected + "\"");
        }
    }

    @Then("no callback was recorded")
    public void noCallbackAtAll() {
        context.log().assertNothingWithinQuietPeriod("no callback at all", e -> true);
    }
}
