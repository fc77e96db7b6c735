package dev.flotilla.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionRuleTest {

    @ParameterizedTest(name = "gen {0}/{1}, rev {2}, updated {3}, ready {4}, expected {5} -> {6}")
    @CsvSource({
        "2, 2, r2, 3, 3, 3, true",
        "2, 2, r2, 4, 4, 3, true",
        "3, 2, r2, 3, 3, 3, false",   // controller has not observed the last patch
        "2, 2, r1, 3, 3, 3, false",   // an old revision's counters
        "2, 2, r2, 2, 2, 3, false",   // not enough pods updated
        "2, 2, r2, 3, 2, 3, false",   // updated but not ready
        "2, 2, r2, 0, 0, 0, true",    // nothing to update in this step
    })
    void aStepIsCompleteOnlyUnderTheKruiseRule(long generation, long observed, String revision, int updated,
            int updatedReady, int expected, boolean complete) {
        Progress progress = new Progress(generation, observed, 4, 4, updated, updatedReady, revision, null);

        assertThat(CompletionRule.complete(progress, "r2", expected)).isEqualTo(complete);
    }

    @ParameterizedTest
    @CsvSource({"3, 2, r2, controller has not observed generation 3", "2, 2, r1, update revision is r1",
        "2, 2, r2, '1/3 pods updated, 0/3 updated pods ready; FailedUpdate: image pull'"})
    void saysWhatAStepIsWaitingFor(long generation, long observed, String revision, String reason) {
        Progress progress = new Progress(generation, observed, 4, 3, 1, 0, revision, "FailedUpdate: image pull");

        assertThat(CompletionRule.waitingFor(progress, "r2", 3)).startsWith(reason);
    }
}
