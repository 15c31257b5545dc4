package io.asynciotck.tck.steps;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.ErrorKind;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.Payloads;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the scenario makes on the transport under test, and what they return. */
public class TransportSteps {

    private final ScenarioContext context;

    public TransportSteps(ScenarioContext context) {
        this.context = context;
    }

    private ConnectionUnderTest transport() {
        return context.connection();
    }

    private Supplier<String> why(String what) {
        return () -> context.log().describe(what);
    }

    private void expectOk(String what, Outcome outcome) {
        context.setLastOutcome(outcome);
        if (outcome.isError()) {
            throw context.log().failure(what + " raised " + outcome.error());
        }
    }

    // ---- writing

    @When("^the transport writes (\\d+) bytes?$")
    public void writesBytes(int count) {
        ConnectionUnderTest t = transport();
        context.setLastOutcome(t.call("write", Payloads.numbered(t.written().written(), count)));
    }

    @When("the transport writes {string}")
    public void writesText(String text) {
        expectOk("write", transport().call("write", ScriptSteps.bytes(text)));
    }

    @When("the transport writes {string} and is closed in the same batch")
    public void writesAndCloses(String text) {
        List<Outcome> outcomes = transport().batch(Call.of("write", ScriptSteps.bytes(text)), Call.of("close"));
        expectOk("write", outcomes.get(0));
        expectOk("close", outcomes.get(1));
    }

    @When("^the transport writes the lines \"([^\"]*)\", \"([^\"]*)\", \"([^\"]*)\" as a (list|tuple|generator)$")
    public void writesLines(String a, String b, String c, String shape) {
        Values.DataSequence lines = new Values.DataSequence(Values.DataSequence.Shape.valueOf(shape.toUpperCase()),
                List.of(ScriptSteps.bytes(a), ScriptSteps.bytes(b), ScriptSteps.bytes(c)));
        expectOk("writelines", transport().call("writelines", lines));
    }

    @When("the transport tries to write {string}")
    public void triesToWrite(String text) {
        context.setLastOutcome(transport().call("write", ScriptSteps.bytes(text)));
    }

    @When("^the transport tries to write the lines \"([^\"]*)\", \"([^\"]*)\", \"([^\"]*)\" as a list$")
    public void triesToWriteLines(String a, String b, String c) {
        Values.DataSequence lines = new Values.DataSequence(Values.DataSequence.Shape.LIST,
                List.of(ScriptSteps.bytes(a), ScriptSteps.bytes(b), ScriptSteps.bytes(c)));
        context.setLastOutcome(transport().call("writelines", lines));
    }

    @When("the transport writes eof")
    public void writesEof() {
        expectOk("write_eof", transport().call("write_eof"));
    }

    @Then("^can_write_eof returns (True|False)$")
    public void canWriteEof(String expected) {
        assertThat(transport().require("can_write_eof")).as(why("can_write_eof()"))
                .isEqualTo(Boolean.valueOf(expected.equals("True")));
    }

    /** A call whose outcome no rule decides (on a transport already lost, say): recorded, not asserted. */
    @When("^the transport tries to (close|abort|pause reading|resume reading)$")
    public void triesTo(String operation) {
        context.setLastOutcome(transport().call(operation.replace(' ', '_')));
    }

    @When("the transport tries to write eof")
    public void triesToWriteEof() {
        context.setLastOutcome(transport().call("write_eof"));
    }

    @Then("the call raises a not-supported error")
    public void raisesUnsupported() {
        raises(ErrorKind.UNSUPPORTED, "a not-supported error (NotImplementedError, UnsupportedOperationException)");
    }

    @Then("the call raises an invalid state error")
    public void raisesInvalidState() {
        raises(ErrorKind.INVALID_STATE, "an invalid state error (RuntimeError, IllegalStateException)");
    }

    @Then("the call raises an OS error")
    public void raisesOsError() {
        raises(ErrorKind.OS_ERROR, "an OS error (OSError such as ProcessLookupError, IOException)");
    }

    /** The last call raised an error of {@code kind}. */
    private void raises(ErrorKind kind, String expected) {
        Outcome outcome = context.lastOutcome();
        if (!outcome.isError() || outcome.error().kind() != kind) {
            throw context.log().failure("expected " + expected + ", got " + outcome);
        }
    }

    // ---- closing

    /**
     * The log is marked before the call: what the implementation records once it has the call, before
     * the TCK has its reply, is after it too (a {@code data_received()} the loop delivers right after
     * {@code close()} returned, say).
     */
    @When("the transport is closed")
    public void closed() {
        context.markLog();
        expectOk("close", transport().call("close"));
    }

    @When("the transport is aborted")
    public void aborted() {
        context.markLog();
        List<Outcome> outcomes = transport().batch(Call.of("get_write_buffer_size"), Call.of("abort"));
        expectOk("abort", outcomes.get(1));
        expectOk("get_write_buffer_size", outcomes.get(0));
        transport().setBufferedAtAbort(((Number) outcomes.get(0).value()).longValue());
    }

    // ---- reading

    @When("the transport pauses reading")
    public void pausesReading() {
        expectOk("pause_reading", transport().call("pause_reading"));
    }

    @When("the transport resumes reading")
    public void resumesReading() {
        expectOk("resume_reading", transport().call("resume_reading"));
    }

    // ---- extra info

    @Then("get_extra_info {string} with default {string} returns {string}")
    public void extraInfoWithDefault(String name, String fallback, String expected) {
        assertThat(transport().require("get_extra_info", name, fallback))
                .as(why("get_extra_info('" + name + "', '" + fallback + "')")).isEqualTo(expected);
    }

    @Then("get_extra_info {string} returns None")
    public void extraInfoNone(String name) {
        assertThat(transport().require("get_extra_info", name)).as(why("get_extra_info('" + name + "')")).isNull();
    }

    @Then("get_extra_info {string} is the peer's own address")
    public void extraInfoIsPeerAddress(String name) {
        assertThat(transport().require("get_extra_info", name)).as(why("get_extra_info('" + name + "')"))
                .isEqualTo(transport().peerSocket().localAddress());
    }

    @Then("get_extra_info {string} is the address the peer sees as remote")
    public void extraInfoIsOwnAddress(String name) {
        assertThat(transport().require("get_extra_info", name)).as(why("get_extra_info('" + name + "')"))
                .isEqualTo(transport().peerSocket().remoteAddress());
    }

    /**
     * The object itself cannot cross a driver: the driver tells its kind (a socket, a process, a pipe, an
     * SSL context of the implementation's language; PROTOCOL.md, Values).
     */
    @Then("^get_extra_info \"([^\"]*)\" is an? (socket|process|pipe|SSL context) object$")
    public void extraInfoIsObject(String name, String kind) {
        String expected = kind.equals("SSL context") ? "ssl_context" : kind;
        Object value = transport().require("get_extra_info", name);
        if (!(value instanceof Values.Opaque object) || !expected.equals(object.kind())) {
            throw context.log().failure("get_extra_info('" + name + "') is " + Call.describe(value) + ", expected "
                    + (kind.equals("SSL context") ? "an " : "a ") + kind + " object"
                    + (value instanceof Values.Opaque object && object.kind() != null ? ", not a " + object.kind() : ""));
        }
    }

    // ---- the write buffer

    @Then("the write buffer size is {long}")
    public void bufferSizeIs(long size) {
        assertThat(transport().bufferSize()).as(why("get_write_buffer_size()")).isEqualTo(size);
    }

    @Then("the write buffer size is at least {long}")
    public void bufferSizeAtLeast(long size) {
        assertThat(transport().bufferSize()).as(why("get_write_buffer_size()")).isGreaterThanOrEqualTo(size);
    }

    @Then("writing {int} bytes grows the write buffer size by exactly {long}")
    public void writingGrowsBuffer(int count, long growth) {
        ConnectionUnderTest t = transport();
        List<Outcome> r = t.batch(Call.of("get_write_buffer_size"),
                Call.of("write", Payloads.numbered(t.written().written(), count)), Call.of("get_write_buffer_size"));
        r.forEach(o -> expectOk("get_write_buffer_size / write", o));
        long before = ((Number) r.get(0).value()).longValue();
        long after = ((Number) r.get(2).value()).longValue();
        assertThat(after - before).as(why("growth of get_write_buffer_size() from " + before + " to " + after
                + " by writing " + count + " bytes to a full socket")).isEqualTo(growth);
    }

    @When("the write buffer size becomes 0")
    public void bufferBecomesEmpty() {
        transport().awaitEmptyWriteBuffer();
    }

    // ---- water marks

    @When("the write buffer limits are set to high {limit} and low {limit}")
    public void setLimits(Limit high, Limit low) {
        setLimits((Object) high, low);
    }

    @When("the write buffer limits are set to high {limit}")
    public void setHigh(Limit high) {
        setLimits(high, null);
    }

    @When("the write buffer limits are set to low {limit}")
    public void setLow(Limit low) {
        setLimits(null, low);
    }

    /** Reads B, sets the limits relative to it and reads them back, in one batch. */
    private void setLimits(Object high, Limit low) {
        ConnectionUnderTest t = transport();
        long b = t.bufferSize();
        List<Outcome> r = t.batch(Call.of("get_write_buffer_size"),
                Call.of("set_write_buffer_limits", high == null ? null : ((Limit) high).argument(b),
                        low == null ? null : low.argument(b)),
                Call.of("get_write_buffer_limits"));
        expectOk("get_write_buffer_size", r.get(0));
        t.setBufferMark(((Number) r.get(0).value()).longValue());
        t.setLimitsSet("high " + (high == null ? "not given" : high) + ", low " + (low == null ? "not given" : low));
        context.setLastOutcome(r.get(1));
        if (!r.get(1).isError()) {
            expectOk("get_write_buffer_limits", r.get(2));
            t.setLimits((List<?>) r.get(2).value());
            context.setLastOutcome(r.get(1));
        }
    }

    @Then("the call raises an invalid value error")
    public void raisesInvalidValue() {
        raises(ErrorKind.INVALID_VALUE, "an invalid value error (ValueError, IllegalArgumentException)");
    }

    @Then("the call succeeds")
    public void callSucceeds() {
        Outcome outcome = context.lastOutcome();
        if (outcome.isError()) {
            throw context.log().failure("expected the call to succeed, it raised " + outcome.error());
        }
    }

    @Then("the write buffer limits are valid")
    public void limitsValid() {
        List<Long> lowHigh = limits();
        if (lowHigh.get(0) < 0 || lowHigh.get(0) > lowHigh.get(1)) {
            throw context.log().failure("get_write_buffer_limits() returned (low, high) = " + lowHigh
                    + ", expected 0 <= low <= high");
        }
    }

    @Then("the write buffer limits are low {long} and high {long}")
    public void limitsAre(long low, long high) {
        assertThat(limits()).as(why("get_write_buffer_limits() as (low, high)")).containsExactly(low, high);
    }

    @Then("the high-water limit is {long} and the low-water limit is at most {long}")
    public void highAndLowAtMost(long high, long lowAtMost) {
        List<Long> lowHigh = limits();
        assertThat(lowHigh.get(1)).as(why("the high-water limit")).isEqualTo(high);
        assertThat(lowHigh.get(0)).as(why("the low-water limit")).isBetween(0L, lowAtMost);
    }

    /** get_write_buffer_limits() as two longs, checked for shape. */
    private List<Long> limits() {
        Object value = transport().require("get_write_buffer_limits");
        if (!(value instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof Number)
                || !(list.get(1) instanceof Number)) {
            throw context.log().failure("get_write_buffer_limits() returned " + Call.describe(value)
                    + ", expected a (low, high) pair of numbers");
        }
        List<Long> lowHigh = new ArrayList<>();
        list.forEach(n -> lowHigh.add(((Number) n).longValue()));
        return lowHigh;
    }
}
