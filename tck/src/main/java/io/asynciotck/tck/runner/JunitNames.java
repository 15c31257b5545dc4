package io.asynciotck.tck.runner;

import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Tag;

import java.util.List;

/**
 * The names {@code junit.xml} gives its test cases: each scenario's name begins with the IDs of the
 * rules it checks, {@code [FC-1, FC-5] a buffer equal to the high-water mark...}, so that a CI tool's
 * list of failed tests says which rules failed. Cucumber's JUnit XML formatter names a test case after
 * the scenario of the Gherkin document, so that is the name this view changes (for {@code junit.xml}
 * only: the other reports keep the features' own names).
 */
final class JunitNames {

    private JunitNames() {
    }

    /** {@code envelope}, with the rule IDs before the names of its scenarios if it is a Gherkin document. */
    static Envelope withRuleIds(Envelope envelope) {
        return envelope.getGherkinDocument().map(JunitNames::withRuleIds).map(Envelope::of).orElse(envelope);
    }

    private static GherkinDocument withRuleIds(GherkinDocument document) {
        return document.getFeature().map(feature -> new GherkinDocument(document.getUri().orElse(null),
                        new Feature(feature.getLocation(), feature.getTags(), feature.getLanguage(), feature.getKeyword(),
                                feature.getName(), feature.getDescription(),
                                feature.getChildren().stream().map(JunitNames::withRuleIds).toList()),
                        document.getComments()))
                .orElse(document);
    }

    private static FeatureChild withRuleIds(FeatureChild child) {
        return child.getScenario().map(scenario -> FeatureChild.of(withRuleIds(scenario))).orElse(child);
    }

    private static Scenario withRuleIds(Scenario scenario) {
        List<String> rules = Rule.idsInTags(scenario.getTags().stream().map(Tag::getName).toList());
        if (rules.isEmpty()) {
            return scenario;
        }
        return new Scenario(scenario.getLocation(), scenario.getTags(), scenario.getKeyword(),
                "[" + String.join(", ", rules) + "] " + scenario.getName(), scenario.getDescription(),
                scenario.getSteps(), scenario.getExamples(), scenario.getId());
    }
}
