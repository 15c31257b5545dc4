package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.events.Count;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.events.WaitTimeout;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.Payloads;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.List;

/**
 * pause_writing() and resume_writing(), checked with the write buffer size the protocol recorded inside
 * each call (the scenario's protocol probes {@code get_write_buffer_size()} in every callback).
 */
public class FlowControlSteps {

    private static final String SIZE_PROBE = ScriptSteps.BUFFER_SIZE.toString();

    private final ScenarioContext context;

    public FlowControlSteps(ScenarioContext context) {
        this.context = context;
    }

    private ConnectionUnderTest connection() {
        return context.connection();
    }

    @When("the write buffer limits are set to high {limit} and low {limit}, then the transport writes {int} bytes, all in one batch")
    public void setLimitsAndWrite(Limit high, Limit low, int count) {
        ConnectionUnderTest t = connection();
        long b = t.bufferSize();
        long writtenBefore = t.written().written();
        List<Outcome> r = t.batch(Call.of("get_write_buffer_size"),
                Call.of("set_write_buffer_limits", high.argument(b), low.argument(b)),
                Call.of("write", Payloads.numbered(t.written().written(), count)));
        for (Outcome o : r) {
            if (o.isError()) {
                throw context.log().failure("the batch get_write_buffer_size, set_write_buffer_limits, write: " + r);
            }
        }
        t.setBufferMark(((Number) r.get(0).value()).longValue(), writtenBefore);
        t.setLimitsSet("high " + high + ", low " + low + ", then " + count + " bytes written in the same batch");
    }

    /** A failure of a flow-control rule, with the numbers that decide it. */
    private AssertionError failure(String message) {
        return context.log().failure(message + "\n" + connection().describeFlowControl());
    }

    /** Waits for the callback and checks it is the only one of its name so far; returns the size seen inside it. */
    private long calledOnceSeeing(String callback) {
        Event event = connection().await(callback);
        int count = connection().events(callback).size();
        if (count != 1) {
            throw failure("expected " + callback + " once, got " + count + " calls");
        }
        Object size = event.probes().get(SIZE_PROBE);
        if (!(size instanceof Number n)) {
            throw failure(callback + " did not record the write buffer size: " + event);
        }
        return n.longValue();
    }

    @Then("^(pause_writing|resume_writing) is called once$")
    public void calledOnce(String callback) {
        calledOnceSeeing(callback);
    }

    @Then("^(pause_writing|resume_writing) is called once, with the write buffer size at (B\\+\\d+|B|\\d+)$")
    public void calledOnceAt(String callback, String expression) {
        long seen = calledOnceSeeing(callback);
        long expected = Limit.parse(expression).value(expression.startsWith("B") ? connection().bufferMark() : 0);
        if (seen != expected) {
            throw failure(callback + " saw a write buffer size of " + seen + ", expected " + expression
                    + " = " + expected);
        }
    }

    @Then("pause_writing is called once, with the write buffer size between 1 and {long}")
    public void pausedAtMost(long most) {
        long seen = calledOnceSeeing("pause_writing");
        if (seen < 1 || seen > most) {
            throw failure("pause_writing saw a write buffer size of " + seen + ", expected between 1 and "
                    + most + ": it must come as soon as the buffer is not empty");
        }
    }

    @Then("resume_writing is called once, with the write buffer size at most the low-water mark")
    public void resumedAtOrBelowLow() {
        long seen = calledOnceSeeing("resume_writing");
        List<?> lowHigh = connection().limits();
        long low = ((Number) lowHigh.get(0)).longValue();
        if (seen > low) {
            throw failure("resume_writing saw a write buffer size of " + seen
                    + ", above the low-water mark " + low);
        }
    }

    @Then("^(pause_writing|resume_writing) is not called within the quiet period$")
    public void notCalled(String callback) {
        String id = connection().id();
        context.log().assertNothingWithinQuietPeriod("no " + callback + " on " + id, e -> e.is(id, callback));
    }

    @Then("^(pause_writing|resume_writing) is not called again within the quiet period$")
    public void notCalledAgain(String callback) {
        String id = connection().id();
        List<Event> calls = connection().events(callback);
        long last = calls.isEmpty() ? 0 : calls.get(calls.size() - 1).seq();
        context.log().assertNothingWithinQuietPeriod("no " + callback + " on " + id + " after #" + last,
                e -> e.seq() > last && e.is(id, callback));
    }

    @Then("the flow control callbacks alternate {string}")
    public void alternate(String expected) {
        String id = connection().id();
        List<String> want = List.of(expected.trim().split("\\s+"));
        try {
            context.log().awaitTally(want.size() + " flow-control callbacks on " + id,
                    context.log().timeouts().patienceForArrival(), new Count(e -> isFlowControl(e, id)),
                    count -> count.value() >= want.size());
        } catch (WaitTimeout timedOut) {
            throw new WaitTimeout(timedOut.getMessage() + "\n" + connection().describeFlowControl());
        }
        List<String> got = flowControl(context.log().snapshot(), id).stream().map(Event::callback).toList();
        if (!got.equals(want)) {
            throw failure("expected the flow-control callbacks " + want + ", got " + got);
        }
    }

    private static List<Event> flowControl(List<Event> events, String id) {
        return events.stream().filter(e -> isFlowControl(e, id)).toList();
    }

    private static boolean isFlowControl(Event e, String id) {
        return e.is(id, "pause_writing") || e.is(id, "resume_writing");
    }

    @Then("every pause_writing saw the buffer over {long} and every resume_writing saw it at most {long}")
    public void everyCallSawTheRightSize(long high, long low) {
        for (Event e : flowControl(context.log().snapshot(), connection().id())) {
            long seen = ((Number) e.probes().get(SIZE_PROBE)).longValue();
            boolean ok = e.callback().equals("pause_writing") ? seen > high : seen <= low;
            if (!ok) {
                throw failure(e.callback() + " saw a write buffer size of " + seen
                        + " (high-water mark " + high + ", low-water mark " + low + ")");
            }
        }
    }
}
