package dev.nightjar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs small test classes through the real Jupiter engine and reads what happened to them: a
 * requirement that is missing skips the test locally and fails it under CI=true, with the
 * reason either way; one that is met lets the test run. The CI variable is swapped for each
 * case (the environment of this JVM cannot be changed); everything else is the real check.
 */
class RequiresTest {

    private static final String NO_SUCH_TOOL = "nightjar-no-such-tool-7f3c";

    @AfterEach
    void restoreEnvironment() {
        Requires.environment = System::getenv;
    }

    @Test
    void aMissingToolSkipsLocallyWithItsReason() {
        Events tests = run(NeedsAMissingTool.class, name -> null);

        tests.assertStatistics(s -> s.started(1).aborted(1).failed(0).succeeded(0));
        tests.assertThatEvents().haveExactly(1, event(test("missingTool"),
                abortedWithReason(instanceOf(TestAbortedException.class),
                        message("needs '" + NO_SUCH_TOOL + "' on PATH (apt-get install nightjar-tools)"))));
    }

    @Test
    void aMissingToolFailsUnderCiWithItsReason() {
        Events tests = run(NeedsAMissingTool.class, name -> name.equals("CI") ? "true" : null);

        tests.assertStatistics(s -> s.started(1).failed(1).aborted(0).succeeded(0));
        tests.assertThatEvents().haveExactly(1, event(test("missingTool"),
                finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message("CI=true requires this test to run, but: needs '" + NO_SUCH_TOOL
                                + "' on PATH (apt-get install nightjar-tools)"))));
    }

    @Test
    void ciIsOnlyCiWhenItSaysTrue() {
        Events tests = run(NeedsAMissingTool.class, name -> name.equals("CI") ? "false" : null);

        tests.assertStatistics(s -> s.started(1).aborted(1).failed(0));
    }

    @Test
    void aFalseConditionAndAMissingFileDoTheSame() {
        run(NeedsAMissingFile.class, name -> null).assertStatistics(s -> s.started(2).aborted(2).failed(0));
        run(NeedsAMissingFile.class, name -> name.equals("CI") ? "TRUE" : null)
                .assertStatistics(s -> s.started(2).failed(2).aborted(0));
    }

    @Test
    void aRequirementThatIsMetLetsTheTestRunUnderCiToo() {
        Events tests = run(NeedsWhatIsHere.class, name -> name.equals("CI") ? "true" : null);

        tests.assertStatistics(s -> s.started(1).succeeded(1).failed(0).aborted(0));
    }

    @Test
    void theKernelTagLeavesATestOutWhenExcluded() {
        Events excluded = EngineTestKit.engine("junit-jupiter").selectors(selectClass(TaggedKernel.class))
                .filters(TagFilter.excludeTags("kernel")).execute().testEvents();
        Events included = EngineTestKit.engine("junit-jupiter").selectors(selectClass(TaggedKernel.class))
                .filters(TagFilter.excludeTags("ui", "installer")).execute().testEvents();

        excluded.assertStatistics(s -> s.started(0));
        included.assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void underCiFollowsTheVariableThisBuildWasGiven() {
        assertThat(Requires.underCi()).isEqualTo("true".equalsIgnoreCase(System.getenv("CI")));
    }

    private static Events run(Class<?> testClass, UnaryOperator<String> environment) {
        Requires.environment = environment;
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    static class NeedsAMissingTool {
        @Test
        void missingTool() {
            Requires.toolsFrom("nightjar-tools", "sh", NO_SUCH_TOOL);
            throw new AssertionError("ran although '" + NO_SUCH_TOOL + "' is missing");
        }
    }

    static class NeedsAMissingFile {
        @Test
        void missingFile() {
            Requires.file(Path.of("/nonexistent/nightjar-sensor.jar"), "build it");
            throw new AssertionError("ran without the file");
        }

        @Test
        void falseCondition() {
            Requires.that(false, "needs a condition that does not hold");
            throw new AssertionError("ran although the condition was false");
        }
    }

    static class NeedsWhatIsHere {
        @Test
        void presentTool() {
            Requires.tool("sh");
            Requires.that(true, "holds");
        }
    }

    @KernelTest
    static class TaggedKernel {
        @Test
        void tagged() {
        }
    }
}
