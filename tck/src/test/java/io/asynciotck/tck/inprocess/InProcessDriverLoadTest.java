package io.asynciotck.tck.inprocess;

import io.asynciotck.tck.driver.DriverException;
import io.asynciotck.tck.events.EventLog;
import io.asynciotck.tck.events.Timeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessDriverLoadTest {

    private static final Timeouts TIMEOUTS = new Timeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(100));

    @TempDir
    Path dir;

    @Test
    void noProviderIsAnError() throws IOException {
        ClassLoader none = TestProviders.loaderListing(dir);

        assertThatThrownBy(() -> InProcessDriver.load(null, none, TIMEOUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No implementation found")
                .hasMessageContaining("io.asynciotck.api.spi.EventLoopProvider");
    }

    @Test
    void theOnlyProviderIsTakenWhenNoNameIsGiven() throws IOException {
        ClassLoader one = TestProviders.loaderListing(dir, TestProviders.Beta.class);

        try (InProcessDriver driver = InProcessDriver.load(null, one, TIMEOUTS)) {
            assertThat(driver.implementationName()).isEqualTo("beta");
            assertThat(driver.capabilities()).containsExactly("subprocess", "tcp");
        }
    }

    @Test
    void aProviderIsFoundByName() throws IOException {
        ClassLoader two = TestProviders.loaderListing(dir, TestProviders.Alpha.class, TestProviders.Beta.class);

        try (InProcessDriver driver = InProcessDriver.load("alpha", two, TIMEOUTS)) {
            assertThat(driver.implementationName()).isEqualTo("alpha");
        }
    }

    @Test
    void anUnknownNameIsAnErrorListingTheNamesFound() throws IOException {
        ClassLoader two = TestProviders.loaderListing(dir, TestProviders.Beta.class, TestProviders.Alpha.class);

        assertThatThrownBy(() -> InProcessDriver.load("gamma", two, TIMEOUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No implementation named 'gamma'; found [alpha, beta]");
    }

    @Test
    void severalProvidersAndNoNameIsAnError() throws IOException {
        ClassLoader two = TestProviders.loaderListing(dir, TestProviders.Alpha.class, TestProviders.Beta.class);

        assertThatThrownBy(() -> InProcessDriver.load(null, two, TIMEOUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Several implementations found, choose one by name: [alpha, beta]");
    }

    @Test
    void twoProvidersOfTheSameNameAreAnError() throws IOException {
        ClassLoader twins = TestProviders.loaderListing(dir, TestProviders.Alpha.class, TestProviders.AlphaAgain.class);

        assertThatThrownBy(() -> InProcessDriver.load("alpha", twins, TIMEOUTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Several implementations are named 'alpha': [alpha, alpha]");
    }

    @Test
    void aProviderThatCannotMakeALoopFailsTheSession() throws IOException {
        ClassLoader one = TestProviders.loaderListing(dir, TestProviders.Alpha.class);

        try (InProcessDriver driver = InProcessDriver.load(null, one, TIMEOUTS)) {
            assertThatThrownBy(() -> driver.openSession(new EventLog(TIMEOUTS)))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining("The implementation 'alpha' could not make an event loop")
                    .hasMessageContaining("alpha makes no loops");
        }
    }
}
