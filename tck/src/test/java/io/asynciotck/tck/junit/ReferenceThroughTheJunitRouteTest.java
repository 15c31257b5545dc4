package io.asynciotck.tck.junit;

import java.nio.file.Path;
import java.util.List;

/**
 * The vendor's route, taken as a vendor takes it: a test class that extends {@link AsyncioTransportsTck},
 * here for the reference implementation (on this module's test class path) and a few rules, so that the
 * route (the run forked from Surefire's JVM with its class path, judged here, its rules as tests) is
 * proved in every build. The whole catalogue runs in {@code ReferenceConformanceTest}.
 */
class ReferenceThroughTheJunitRouteTest extends AsyncioTransportsTck {

    @Override
    protected String implementation() {
        return "reference";
    }

    @Override
    protected List<String> rules() {
        return List.of("BT-1", "WT-1", "FC-1", "PR-1");
    }

    @Override
    protected Path reports() {
        return Path.of("target", "junit-route-reports");
    }
}
