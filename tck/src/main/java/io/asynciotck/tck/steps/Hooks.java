package io.asynciotck.tck.steps;

import io.asynciotck.tck.RunContext;
import io.asynciotck.tck.harness.ScenarioContext;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scenario set-up and tear-down: rule names for messages, capability checks, the run's unresponsive
 * guard (a scenario is not run once the implementation stopped answering), cleanup.
 */
public class Hooks {

    /** Tags naming a rule of RULES.md. */
    public static final Pattern RULE_TAG = Pattern.compile("@[A-Z]{2}-\\d+");
    /** Tags naming a capability a scenario needs. */
    public static final Set<String> CAPABILITY_TAGS = Set.of("@tcp", "@udp", "@tls", "@subprocess", "@pipes");

    private final ScenarioContext context;

    public Hooks(ScenarioContext context) {
        this.context = context;
    }

    /** Runs without the command-line runner (the Maven build's suite) configure themselves from properties. */
    @BeforeAll
    public static void configureDefaultRun() {
        RunContext.setDefaultFactory(DefaultRun::fromEnvironment);
    }

    @Before(order = 0)
    public void nameRulesAndCheckCapabilities(Scenario scenario) {
        List<String> rules = scenario.getSourceTagNames().stream()
                .filter(tag -> RULE_TAG.matcher(tag).matches())
                .map(tag -> tag.substring(1))
                .sorted()
                .collect(Collectors.toList());
        context.log().setRules(String.join(", ", rules));
        Set<String> offered = context.run().driver().capabilities();
        for (String tag : scenario.getSourceTagNames()) {
            if (CAPABILITY_TAGS.contains(tag) && !offered.contains(tag.substring(1))) {
                throw new TestAbortedException("implementation '" + context.run().driver().implementationName()
                        + "' does not offer capability '" + tag.substring(1) + "'");
            }
        }
        context.run().unresponsiveGuard().checkBeforeScenario();
        if (scenario.getSourceTagNames().contains("@tls")) {
            context.useTls(); // the scenario's stream connections, to the peer or from its clients, are TLS
        }
        if (scenario.getSourceTagNames().contains("@accepted")) {
            context.testAcceptedConnections(); // "a connection to the peer" is one the implementation's server accepted
        }
    }

    @After
    public void attachLogAndClose(Scenario scenario) {
        try {
            scenario.attach(context.log().render(), "text/plain", "recorded callbacks");
        } finally {
            try {
                context.close();
            } finally {
                if (context.openedSession()) {
                    context.run().unresponsiveGuard().scenarioEnded(context.unresponsive());
                }
            }
        }
    }
}
