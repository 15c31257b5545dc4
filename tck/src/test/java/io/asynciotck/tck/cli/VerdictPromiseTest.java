package io.asynciotck.tck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asynciotck.tck.hostile.HostileProvider;
import io.asynciotck.tck.hostile.Hostility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the exit code promises, proven against deliberately hostile implementations ({@link HostileProvider})
 * run through the TCK's command line as a vendor runs it, in a process of its own: the exit code, the
 * verdict line, the time the run took, whole reports, and that nothing of the run is left running.
 */
@EnabledOnOs(OS.LINUX)
class VerdictPromiseTest {

    /** Short waits, so that an implementation that does not answer costs little. */
    private static final String[] SHORT = {"--timeout", "1s", "--quiet", "100ms", "--unresponsive-limit", "3"};

    @TempDir
    Path tmp;

    private TckProcess tck;

    private TckProcess tck(Hostility hostility) {
        tck = new TckProcess(tmp, "-D" + HostileProvider.MODE + "=" + hostility.name());
        return tck;
    }

    @AfterEach
    void nothingOfTheRunIsLeftRunning() throws InterruptedException {
        if (tck != null && tck.process() != null) {
            assertThat(tck.leftRunning()).as("processes of the run still alive after it ended").isEmpty();
        }
    }

    private Path hostileJar() throws IOException {
        return TckProcess.jarListing(tmp, "hostile.jar", HostileProvider.class.getName());
    }

    private String[] args(String... args) {
        String[] all = new String[args.length + SHORT.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(SHORT, 0, all, args.length, SHORT.length);
        return all;
    }

    // ---- no provider: never the bundled reference instead

    @Test
    void aJarWithoutProviderIsAConfigurationErrorNotARunOfTheReference() throws Exception {
        Path jar = TckProcess.jarListing(tmp, "my-loop.jar");
        Files.delete(jar);
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("org/example/Loop.class"));
            out.write(new byte[] {1, 2, 3});
        }

        TckProcess.Ended run = tck(Hostility.NONE).run(Duration.ofMinutes(1), "--impl-jar", jar.toString(), "--reports", tmp.resolve("r").toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--impl-jar " + jar + ": no event loop provider")
                .contains("META-INF/services/io.asynciotck.api.spi.EventLoopProvider");
        assertThat(run.out()).doesNotContain("Implementation: reference");
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void aPathThatIsNotAJarOrIsAnEmptyFolderIsAConfigurationError() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a jar");
        TckProcess.Ended notJar = tck(Hostility.NONE).run(Duration.ofMinutes(1), "--impl-jar", text.toString());
        assertThat(notJar.exitCode()).as(notJar.toString()).isEqualTo(2);
        assertThat(notJar.err()).contains("--impl-jar " + text + ": not a jar file or class folder");

        Path folder = Files.createDirectory(tmp.resolve("classes"));
        TckProcess.Ended empty = tck(Hostility.NONE).run(Duration.ofMinutes(1), "--impl-jar", folder.toString());
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.err()).contains("--impl-jar " + folder + ": no event loop provider");
    }

    @Test
    void aJarWithAProviderIsTestedAndTheBundledReferenceIsNot() throws Exception {
        TckProcess.Ended run = tck(Hostility.NONE).run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "BT-5", "--reports", tmp.resolve("r").toString()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Implementation: hostile").contains("Verdict: PASSED");
    }

    // ---- an implementation that ends the JVM

    @Test
    void systemExitInACallFailsTheRunNamingTheScenarioWithWholeReports() throws Exception {
        assertEndsTheJvm(Hostility.EXIT);
    }

    @Test
    void runtimeHaltInACallFailsTheRunNamingTheScenarioWithWholeReports() throws Exception {
        assertEndsTheJvm(Hostility.HALT);
    }

    private void assertEndsTheJvm(Hostility hostility) throws Exception {
        Path reports = tmp.resolve("r");
        TckProcess.Ended run = tck(hostility).run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "BT-1", "--reports", reports.toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).as(run.toString()).startsWith("Verdict: FAILED: ");
        assertThat(run.out()).contains("The TCK's JVM ended during scenario \"").contains("exit status 0 and no verdict");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
        assertWholeReports(reports.resolve("hostile"));
    }

    @Test
    void anImplementationThatKillsTheTcksThreadsCannotPass() throws Exception {
        Path reports = tmp.resolve("r");
        TckProcess.Ended run = tck(Hostility.KILL_THREADS).run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "BT-1", "--reports", reports.toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).as(run.toString()).startsWith("Verdict: FAILED: ");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
        assertWholeReports(reports.resolve("hostile"));
    }

    // ---- an implementation that does not answer: bounded, then stopped

    @Test
    void anImplementationThatNeverAnswersIsStoppedAfterTheUnresponsiveLimit() throws Exception {
        assertUnresponsive(Hostility.NEVER_ANSWERS, "--tags", "@stream and not @tls");
    }

    @Test
    void anImplementationThatBlocksInACallOnTheTcksThreadIsStoppedAfterTheUnresponsiveLimit() throws Exception {
        assertUnresponsive(Hostility.BLOCKS_IN_CALL, "--tags", "@stream and not @tls");
    }

    @Test
    void aWedgedLoopIsStoppedAfterTheUnresponsiveLimit() throws Exception {
        assertUnresponsive(Hostility.WEDGED, "--tags", "@stream and not @tls");
    }

    @Test
    void aTransportThatBlocksInWriteIsStoppedAfterTheUnresponsiveLimit() throws Exception {
        assertUnresponsive(Hostility.BLOCKS_IN_WRITE, "--rules", "WT-1,WT-4,WT-14,BT-1,BT-3");
    }

    private void assertUnresponsive(Hostility hostility, String... selection) throws Exception {
        Path reports = tmp.resolve("r");
        String[] args = new String[selection.length + 4];
        args[0] = "--impl-jar";
        args[1] = hostileJar().toString();
        args[2] = "--reports";
        args[3] = reports.toString();
        System.arraycopy(selection, 0, args, 4, selection.length);

        TckProcess.Ended run = tck(hostility).run(Duration.ofMinutes(3), args(args));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).as(run.toString()).startsWith("Verdict: FAILED: implementation unresponsive: ");
        assertThat(run.out()).contains("scenario(s) not run: the implementation was unresponsive in 3 consecutive scenarios");
        assertThat(run.took()).as("a wedged implementation costs a few timeouts, not one per scenario")
                .isLessThan(Duration.ofSeconds(60));
        assertWholeReports(reports.resolve("hostile"));
    }

    @Test
    void aRunThatRecordsNothingForTheStallLimitIsStoppedAndFails() throws Exception {
        Path reports = tmp.resolve("r");
        tck = new TckProcess(tmp, "-D" + HostileProvider.MODE + "=" + Hostility.FREEZES_THE_JVM.name(), "-Dtck.stallLimit=20s");
        TckProcess.Ended run = tck.run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "BT-1", "--reports", reports.toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).as(run.toString()).startsWith("Verdict: FAILED: ");
        assertThat(run.out()).contains("The TCK stopped the run: nothing was recorded for 20 s").contains("during scenario \"");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
        assertWholeReports(reports.resolve("hostile"));
    }

    // ---- other misbehaviour: fails, fast

    @Test
    void anImplementationThatThrowsEverywhereFailsFast() throws Exception {
        TckProcess.Ended run = tck(Hostility.THROWS).run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "BT-1,CB-1", "--reports", tmp.resolve("r").toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).startsWith("Verdict: FAILED: ");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void callbacksFromForeignThreadsFail() throws Exception {
        TckProcess.Ended run = tck(Hostility.FOREIGN_THREADS).run(Duration.ofMinutes(2),
                args("--impl-jar", hostileJar().toString(), "--rules", "CB-5", "--tags", "not @tls",
                        "--reports", tmp.resolve("r").toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).startsWith("Verdict: FAILED: ");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(60));
    }

    // ---- hostile drivers: garbage, an endless line, a flood, a crash

    @Test
    void aDriverThatAnswersGarbageFailsItsScenarios() throws Exception {
        assertHostileDriver("garbage", "not valid protocol");
    }

    @Test
    void aDriverThatWritesAnEndlessLineFailsItsScenariosWithoutExhaustingMemory() throws Exception {
        assertHostileDriver("endless-line", "longer than the protocol's limit");
    }

    /**
     * The scenario waits on the log for the child's output while the driver floods it with other
     * callbacks, in a JVM whose heap the flood would exhaust if the log kept it all.
     */
    @Test
    void aDriverThatFloodsEventsFailsItsScenarioWithoutExhaustingMemory() throws Exception {
        Path script = Path.of(getClass().getResource("/fake-drivers/fake-driver.sh").toURI());
        Path reports = tmp.resolve("r");
        tck = new TckProcess(tmp, "-Xmx1g");
        TckProcess.Ended run = tck.run(Duration.ofMinutes(2), "--driver", "/bin/sh '" + script + "' flood",
                "--rules", "PT-1", "--timeout", "60s", "--reports", reports.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out() + run.err()).as(run.toString()).doesNotContain("OutOfMemoryError");
        assertThat(run.took()).as(run.toString()).isLessThan(Duration.ofSeconds(60));
        assertThat(Files.readString(reports.resolve("fake").resolve("conformance.md"))).as(run.toString())
                .contains("the implementation flooded the event log");
    }

    @Test
    void aDriverThatDiesFailsItsScenarios() throws Exception {
        assertHostileDriver("crash", "simulated crash");
    }

    private void assertHostileDriver(String mode, String failure) throws Exception {
        Path script = Path.of(getClass().getResource("/fake-drivers/fake-driver.sh").toURI());
        Path reports = tmp.resolve("r");
        TckProcess.Ended run = tck(Hostility.NONE).run(Duration.ofMinutes(2),
                args("--driver", "/bin/sh '" + script + "' " + mode, "--rules", "BT-1,CB-1", "--tags", "not @tls",
                        "--reports", reports.toString()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.verdict()).as(run.toString()).startsWith("Verdict: FAILED: ");
        assertThat(run.out() + run.err()).as(run.toString()).doesNotContain("OutOfMemoryError");
        assertThat(run.took()).as(run.toString()).isLessThan(Duration.ofSeconds(60));
        assertWholeReports(reports.resolve("fake"));
        assertThat(Files.readString(reports.resolve("fake").resolve("conformance.md"))).as(run.toString()).contains(failure);
    }

    // ---- a signal to stop

    @Test
    void sigtermStopsTheRunKillsChildrenThatIgnoreItAndFails() throws Exception {
        assertStoppedBySignal(false);
    }

    @Test
    void sigintStopsTheRunKillsChildrenThatIgnoreItAndFails() throws Exception {
        assertStoppedBySignal(true);
    }

    private void assertStoppedBySignal(boolean interrupt) throws Exception {
        Assumptions.assumeTrue(TckProcess.DEFAULT_SIGNALS,
                "env --default-signal is missing: the TCK's process could inherit SIGINT ignored");
        Path reports = tmp.resolve("r");
        TckProcess run = tck(Hostility.NONE).start("--rules", "PT-10", "--repeat", "50", "--reports", reports.toString());
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!run.outSoFar().contains("Iteration 2 of 50") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(run.outSoFar()).contains("Iteration 2 of 50");
        Thread.sleep(300); // into a scenario whose child ignores SIGTERM, most likely
        new ProcessBuilder("kill", interrupt ? "-INT" : "-TERM", String.valueOf(run.process().pid())).start().waitFor();

        long signalled = System.nanoTime();
        TckProcess.Ended ended = run.await(Duration.ofMinutes(1));

        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as("from the signal to the end")
                .isLessThan(Duration.ofSeconds(20));
        assertThat(ended.exitCode()).as(ended.toString()).isEqualTo(interrupt ? 130 : 143);
        assertThat(ended.verdict()).as(ended.toString()).startsWith("Verdict: FAILED: ");
        assertThat(ended.out()).contains("The run was interrupted: the TCK received a signal to stop");
        assertThat(Files.readString(reports.resolve("reference").resolve("conformance.md"))).contains("**FAILED**");
    }

    // ---- whole reports

    private static void assertWholeReports(Path folder) throws Exception {
        assertThat(folder.resolve("conformance.md")).isNotEmptyFile();
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("junit.xml").toFile());
        assertThat(junit.getDocumentElement().getTagName()).isEqualTo("testsuite");
        JsonNode json = new ObjectMapper().readTree(folder.resolve("cucumber.json").toFile());
        assertThat(json.isArray()).isTrue();
        assertThat(Files.readString(folder.resolve("cucumber.html"))).contains("</html>");
    }
}
