package io.asynciotck.tck;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

/**
 * The bundled features against the reference implementation, in the Maven build: {@code mvn verify}
 * fails when a scenario fails. The run configures itself from the steps' defaults (system properties
 * {@code tck.impl}, {@code tck.timeout}, {@code tck.quiet}...). Reports go to {@code target/cucumber-reports/}:
 * the record, Cucumber's reports and the conformance report.
 *
 * <p>Features are selected as a package ({@code features}), which is how the Cucumber engine wants a
 * folder selected; {@code cucumber.features} is not set, as it would override the selection.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "io.asynciotck.tck.steps")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME, value = "io.asynciotck.tck.runner.ConformancePlugin:target/cucumber-reports")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
@ConfigurationParameter(key = JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, value = "long")
public class ReferenceConformanceTest {
}
