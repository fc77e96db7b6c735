package dev.flotilla.meta.wave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the engine follows a wave's analysis: it holds the wave, acts at once on a failure, pauses when blind. */
class CampaignAnalysisStepTest {

    private final InMemoryEngine engine = new InMemoryEngine();
    private final FakeTargets targets = engine.targets;

    @Test
    void aRunningAnalysisHoldsTheWaveEvenAfterItsSoak() {
        long id = engine.campaign(1, 1).soakSeconds(10).create();
        engine.analysis.set(id, AnalysisGate.State.RUNNING, "1 of 3 rounds measured");
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);

        engine.clock.advance(Duration.ofSeconds(30));
        engine.settle(id);

        assertThat(engine.campaigns.get(id).currentWave).isZero();
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.PENDING);
    }

    @Test
    void aPassedAnalysisLetsTheNextWaveStartOnceTheSoakIsOver() {
        long id = engine.campaign(1, 1).soakSeconds(10).create();
        engine.analysis.set(id, AnalysisGate.State.PASSED, "3 rounds, 0 failed");
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);
        assertThat(engine.campaigns.get(id).currentWave).as("still soaking").isZero();

        engine.clock.advance(Duration.ofSeconds(10));
        engine.settle(id);

        assertThat(engine.campaigns.get(id).currentWave).isEqualTo(1);
        assertThat(engine.history.types(id)).containsSubsequence("SOAK_STARTED", "ANALYSIS_PASSED", "WAVE_STARTED");
    }

    @Test
    void aFailedAnalysisRollsBackAtOnceWhateverSoakIsLeft() {
        long id = engine.campaign(1, 1).soakSeconds(600).onFailure(FailurePolicy.ROLLBACK).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.settle(id);
        engine.analysis.set(id, AnalysisGate.State.FAILED, "error-rate: result 0.3 fails result < 0.05");

        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.ROLLING_BACK);
        assertThat(engine.history.types(id)).contains("ANALYSIS_FAILED");
        assertThat(engine.campaigns.get(id).message).contains("wave 0 analysis failed", "error-rate");
        assertThat(targets.state(id, 2)).as("the next wave never started").isEqualTo(TargetState.SKIPPED);
    }

    @Test
    void aFailedAnalysisPausesWithOnFailurePauseAndAResumeMeasuresTheWaveAgain() {
        long id = engine.campaign(1, 1).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.analysis.set(id, AnalysisGate.State.FAILED, "error-rate: result 0.3 fails result < 0.05");

        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.PAUSED);

        engine.analysis.set(id, AnalysisGate.State.RUNNING, "0 of 3 rounds measured");
        engine.controls.resume(FakeKind.KIND, id);
        assertThat(engine.analysis.restarts).containsExactly(id + "/0");
        engine.settle(id);
        assertThat(engine.state(id)).isEqualTo(CampaignState.RUNNING);
        assertThat(engine.campaigns.get(id).currentWave).isZero();
    }

    @Test
    void anInconclusiveAnalysisPausesTheCampaignWithTheReasonEvenWithOnFailureRollback() {
        long id = engine.campaign(1, 1).onFailure(FailurePolicy.ROLLBACK).create();
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.analysis.set(id, AnalysisGate.State.INCONCLUSIVE, "provider prom cannot be reached");

        engine.settle(id);

        assertThat(engine.state(id)).isEqualTo(CampaignState.PAUSED);
        assertThat(engine.campaigns.get(id).message).contains("inconclusive", "cannot be reached");
        assertThat(engine.history.types(id)).contains("ANALYSIS_INCONCLUSIVE");
    }

    @Test
    void aClusterWhoseOwnMetricsFailedFailsItsTargetAgainstTheFailureBudget() {
        long id = engine.campaign(2, 2).create();
        engine.analysis.set(id, AnalysisGate.State.RUNNING, "1 of 3 rounds measured");
        engine.settle(id);
        engine.report(id, 1, TargetState.SUCCEEDED);
        engine.report(id, 2, TargetState.SUCCEEDED);
        engine.analysis.failTargets(id, Map.of(2L, "error-rate failed 1 times: result 0.3 fails result < 0.05"));

        engine.pass(id);
        engine.analysis.failTargets(id, Map.of());
        engine.settle(id);

        assertThat(targets.state(id, 1)).isEqualTo(TargetState.SUCCEEDED);
        assertThat(targets.state(id, 2)).isEqualTo(TargetState.FAILED);
        assertThat(engine.history.types(id)).contains("TARGET_FAILED", "BUDGET_SPENT");
        assertThat(engine.state(id)).as("maxFailures 0: the budget is spent").isEqualTo(CampaignState.PAUSED);
    }
}
