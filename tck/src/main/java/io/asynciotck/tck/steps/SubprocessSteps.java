package io.asynciotck.tck.steps;

import io.asynciotck.tck.harness.Payloads;

import io.asynciotck.tck.driver.Call;
import io.asynciotck.tck.driver.Outcome;
import io.asynciotck.tck.driver.Values;
import io.asynciotck.tck.driver.Values.SubprocessSpec.Stdio;
import io.asynciotck.tck.events.Event;
import io.asynciotck.tck.harness.ConnectionUnderTest;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A child process of the implementation, its pipes, and the subprocess protocol's callbacks. */
public class SubprocessSteps {

    private final ScenarioContext context;

    public SubprocessSteps(ScenarioContext context) {
        this.context = context;
    }

    private ConnectionUnderTest child() {
        return context.connection();
    }

    // ---- starting

    @Given("a child running {string} with its streams piped")
    public void childPiped(String command) {
        context.createSubprocess(new Values.SubprocessSpec(true, List.of(command), Stdio.PIPE, Stdio.PIPE, Stdio.PIPE));
    }

    @Given("a child running {string} with nothing piped")
    public void childNothingPiped(String command) {
        context.createSubprocess(new Values.SubprocessSpec(true, List.of(command), Stdio.DEVNULL, Stdio.DEVNULL, Stdio.DEVNULL));
    }

    @Given("a child running {string} with stdin {stdio}, stdout {stdio} and stderr {stdio}")
    public void childWith(String command, Stdio stdin, Stdio stdout, Stdio stderr) {
        context.createSubprocess(new Values.SubprocessSpec(true, List.of(command), stdin, stdout, stderr));
    }

    /** {@code subprocess_exec}: the program and its arguments, one a row, no shell in between. */
    @Given("a child executing these arguments with its streams piped:")
    public void childExec(List<String> args) {
        context.createSubprocess(new Values.SubprocessSpec(false, args, Stdio.PIPE, Stdio.PIPE, Stdio.PIPE));
    }

    // ---- the pipes

    /** The target id of the pipe transport for {@code fd}; fails when there is none. */
    private String pipe(int fd) {
        Object id = child().require("get_pipe_transport", (long) fd);
        if (!(id instanceof String target)) {
            throw context.log().failure("get_pipe_transport(" + fd + ") returned " + Call.describe(id) + ", not a transport");
        }
        return target;
    }

    private Outcome onPipe(int fd, String method, Object... args) {
        return context.session().invoke(pipe(fd), Call.of(method, args));
    }

    private void requireOnPipe(int fd, String method, Object... args) {
        Outcome outcome = onPipe(fd, method, args);
        if (outcome.isError()) {
            throw context.log().failure(method + " on the pipe transport of fd " + fd + " raised " + outcome.error());
        }
    }

    @Then("get_pipe_transport {int} is None")
    public void pipeIsNone(int fd) {
        Object id = child().require("get_pipe_transport", (long) fd);
        if (id != null) {
            throw context.log().failure("get_pipe_transport(" + fd + ") returned " + Call.describe(id) + ", expected None");
        }
    }

    @Then("get_pipe_transport {int} is a write transport")
    public void pipeIsWriteTransport(int fd) {
        requireOnPipe(fd, "get_write_buffer_size");
        requireOnPipe(fd, "can_write_eof");
    }

    @Then("get_pipe_transport {int} is a read transport")
    public void pipeIsReadTransport(int fd) {
        requireOnPipe(fd, "pause_reading");
        requireOnPipe(fd, "resume_reading");
    }

    @When("the parent writes {string} to the child's stdin")
    public void writeToStdin(String text) {
        requireOnPipe(0, "write", ScriptSteps.bytes(text.replace("\\n", "\n")));
    }

    @When("the parent writes eof to the child's stdin")
    public void writeEofToStdin() {
        requireOnPipe(0, "write_eof");
    }

    @When("the parent tries to write {string} to the child's stdin")
    public void triesToWriteToStdin(String text) {
        context.setLastOutcome(onPipe(0, "write", ScriptSteps.bytes(text.replace("\\n", "\n"))));
    }

    @When("the parent sets the stdin pipe's write buffer limits to high {long} and low {long}")
    public void stdinLimits(long high, long low) {
        requireOnPipe(0, "set_write_buffer_limits", high, low);
    }

    @When("the parent writes {int} bytes to the child's stdin")
    public void writeBytesToStdin(int count) {
        requireOnPipe(0, "write", io.asynciotck.tck.harness.Payloads.numbered(0, count));
    }

    @Then("^(pause_writing|resume_writing) is called on the subprocess protocol$")
    public void flowControlOnSubprocessProtocol(String callback) {
        child().await(callback);
    }

    @When("the parent closes the child's stdin")
    public void closeStdin() {
        requireOnPipe(0, "close");
    }

    @When("the parent pauses reading the child's stdout")
    public void pauseStdout() {
        requireOnPipe(1, "pause_reading");
    }

    @When("the parent resumes reading the child's stdout")
    public void resumeStdout() {
        requireOnPipe(1, "resume_reading");
    }

    // ---- what the child wrote

    private void receives(int fd, String text) {
        byte[] expected = ScriptSteps.bytes(text);
        byte[] got = child().pipeReceived(fd).awaitNext(expected.length);
        if (!Arrays.equals(got, expected)) {
            throw context.log().failure("expected the child's fd " + fd + " to deliver '" + text + "', got '"
                    + new String(got, StandardCharsets.UTF_8) + "'");
        }
    }

    @Then("the child's stdout receives {string}")
    public void stdoutReceives(String text) {
        receives(1, text.replace("\\n", "\n"));
    }

    @Then("the child's stderr receives {string}")
    public void stderrReceives(String text) {
        receives(2, text.replace("\\n", "\n"));
    }

    @When("the child's stdout receives a line")
    public void stdoutLine() {
        child().pipeReceived(1).awaitLineEnd();
    }

    @Then("get_pid is the number the child printed")
    public void pidIsPrinted() {
        String line = new String(child().pipeReceived(1).catchUp().all(), StandardCharsets.UTF_8).split("\n")[0].trim();
        Object pid = child().require("get_pid");
        if (!(pid instanceof Number n) || !String.valueOf(n.longValue()).equals(line)) {
            throw context.log().failure("get_pid() returned " + Call.describe(pid) + ", the child says its pid is " + line);
        }
    }

    @Then("the child's stdout delivered the numbers {int} to {int}, one a line")
    public void stdoutDeliveredNumbers(int first, int last) {
        byte[] expected = Payloads.seq(first, last);
        byte[] got = child().pipeReceived(1).catchUp().all();
        String difference = Payloads.difference(expected, got);
        if (difference != null) {
            throw context.log().failure("the child printed the numbers " + first + " to " + last + " to stdout ("
                    + expected.length + " bytes), but what pipe_data_received delivered is not that: " + difference);
        }
    }

    @Then("every pipe_data_received call carried non-empty bytes")
    public void pipeDataNonEmpty() {
        for (Event e : child().events("pipe_data_received")) {
            if (!(e.arg(1) instanceof byte[] data) || data.length == 0) {
                throw context.log().failure("pipe_data_received with empty or missing data: " + e);
            }
        }
    }

    @Then("pipe_data_received is not called for fd {int} while reading is paused")
    public void noPipeDataWhilePaused(int fd) {
        String id = child().id();
        context.log().assertNothingWithinQuietPeriod("no pipe_data_received for fd " + fd + " while reading is paused",
                e -> e.is(id, "pipe_data_received") && e.arg(0) instanceof Number n && n.intValue() == fd);
    }

    // ---- signals and the return code

    @When("^the parent calls (kill|terminate|close)$")
    public void parentCalls(String method) {
        Outcome outcome = child().call(method);
        if (outcome.isError()) {
            throw context.log().failure(method + "() raised " + outcome.error());
        }
    }

    @When("^the parent tries to call (kill|terminate)$")
    public void parentTriesToCall(String method) {
        context.setLastOutcome(child().call(method));
    }

    @When("the parent tries to send signal {int}")
    public void triesToSendSignal(int signal) {
        context.setLastOutcome(child().call("send_signal", (long) signal));
    }

    @When("the parent sends signal {int}")
    public void sendSignal(int signal) {
        Outcome outcome = child().call("send_signal", (long) signal);
        if (outcome.isError()) {
            throw context.log().failure("send_signal(" + signal + ") raised " + outcome.error());
        }
    }

    @Then("get_returncode is None")
    public void returncodeNone() {
        Object code = child().require("get_returncode");
        if (code != null) {
            throw context.log().failure("get_returncode() returned " + Call.describe(code) + " while the child runs");
        }
    }

    private long exitCode() {
        child().await("process_exited");
        Object code = child().require("get_returncode");
        if (!(code instanceof Number n)) {
            throw context.log().failure("get_returncode() returned " + Call.describe(code) + " after process_exited");
        }
        return n.longValue();
    }

    @Then("the child exits with returncode {int}")
    public void exitsWith(int expected) {
        long code = exitCode();
        if (code != expected) {
            throw context.log().failure("get_returncode() is " + code + ", expected " + expected);
        }
    }

    @Then("the child exits with a negative returncode")
    public void exitsBySignal() {
        long code = exitCode();
        if (code >= 0) {
            throw context.log().failure("get_returncode() is " + code + ", expected a negative signal number");
        }
    }

    @Then("the child is still running after the quiet period")
    public void stillRunning() {
        String id = child().id();
        context.log().assertNothingWithinQuietPeriod("no process_exited on " + id, e -> e.is(id, "process_exited"));
        returncodeNone();
    }

    // ---- callbacks

    @Then("process_exited is called once")
    public void processExitedOnce() {
        child().await("process_exited");
        int count = child().events("process_exited").size();
        if (count != 1) {
            throw context.log().failure("process_exited was called " + count + " times");
        }
    }

    @Then("pipe_connection_lost is called for fd {int}")
    public void pipeLost(int fd) {
        String id = child().id();
        context.log().await("pipe_connection_lost(" + fd + ", ...) on " + id,
                e -> e.is(id, "pipe_connection_lost") && e.arg(0) instanceof Number n && n.intValue() == fd);
    }

    @Then("pipe_connection_lost is called once for each of fds 0, 1 and 2")
    public void pipesLost() {
        String id = child().id();
        child().await("connection_lost");
        for (int fd = 0; fd <= 2; fd++) {
            int target = fd;
            long count = child().events("pipe_connection_lost").stream()
                    .filter(e -> e.arg(0) instanceof Number n && n.intValue() == target).count();
            if (count != 1) {
                throw context.log().failure("pipe_connection_lost(" + fd + ") was called " + count + " times on " + id);
            }
        }
    }

    @Then("connection_lost came after process_exited and after every pipe_connection_lost")
    public void connectionLostLast() {
        Event lost = child().await("connection_lost");
        for (Event e : context.log().of(child().id())) {
            if ((e.callback().equals("process_exited") || e.callback().equals("pipe_connection_lost"))
                    && e.seq() > lost.seq()) {
                throw context.log().failure(e.callback() + " came after connection_lost: " + e);
            }
        }
    }
}
