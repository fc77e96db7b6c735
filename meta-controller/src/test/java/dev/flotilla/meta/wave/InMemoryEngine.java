package dev.flotilla.meta.wave;

import dev.flotilla.testsupport.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The real engine pass, moves and controls over in-memory fakes, with a hand-moved clock: what a unit test drives.
 * The {@link WaveEngine} is never started; controls only queue wake-ups on it, a test makes the passes itself.
 */
final class InMemoryEngine {

    final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));
    final FakeCampaignRows campaigns = new FakeCampaignRows(clock);
    final FakeTargets targets = new FakeTargets();
    final FakeHistory history = new FakeHistory();
    final FakeKind kind = new FakeKind();
    final TargetUpdates updates = new TargetUpdates(targets, history);
    final CampaignMoves moves = new CampaignMoves(campaigns, targets, history, List.of(kind), updates);
    final FakeAnalysisGate analysis = new FakeAnalysisGate();
    final CampaignStep step = new CampaignStep(campaigns, targets, history, moves, updates,
            TransactionOperations.withoutTransaction(), analysis, clock);
    final CampaignControls controls = new CampaignControls(campaigns, targets, moves, new WaveEngine(step, campaigns),
            analysis, clock);
    private long nextId = 1;

    /**
     * A campaign of the fake kind whose waves have these sizes (wave 0 is the canary); its clusters are numbered
     * 1, 2, 3... in plan order and each ran {@code rev-<cluster>} before.
     */
    Plan campaign(int... waveSizes) {
        return new Plan(waveSizes);
    }

    /** One engine pass; answers whether another should follow at once. */
    boolean pass(long id) {
        return step.advance(id).again();
    }

    /** Passes until the engine asks for no more, as {@link WaveEngine} does when woken; answers how many. */
    int settle(long id) {
        for (int passes = 1; passes <= 100; passes++) {
            if (!pass(id)) {
                return passes;
            }
        }
        throw new AssertionError("the engine never settled");
    }

    /** What an agent's report turns into: a target update applied, as {@link TargetReports} applies it. */
    void report(long id, long clusterId, TargetState state) {
        updates.apply(List.of(new TargetUpdate(id, clusterId, state, null, null, null, null)));
    }

    CampaignState state(long id) {
        return campaigns.get(id).state;
    }

    /** A campaign about to be created. */
    final class Plan {
        private final int[] waveSizes;
        private Integer maxConcurrency;
        private int maxFailures;
        private FailurePolicy onFailure = FailurePolicy.PAUSE;
        private UnreachablePolicy unreachable = UnreachablePolicy.WAIT;
        private int soakSeconds;
        private final List<Integer> approvalWaves = new ArrayList<>();
        private final Set<Long> noPrevious = new HashSet<>();
        private final Map<Long, Long> carriers = new HashMap<>();

        private Plan(int[] waveSizes) {
            this.waveSizes = waveSizes;
        }

        Plan maxConcurrency(int n) {
            maxConcurrency = n;
            return this;
        }

        Plan maxFailures(int n) {
            maxFailures = n;
            return this;
        }

        Plan onFailure(FailurePolicy policy) {
            onFailure = policy;
            return this;
        }

        Plan unreachable(UnreachablePolicy policy) {
            unreachable = policy;
            return this;
        }

        Plan soakSeconds(int seconds) {
            soakSeconds = seconds;
            return this;
        }

        Plan approval(int wave) {
            approvalWaves.add(wave);
            return this;
        }

        /** This cluster ran nothing before: a rollback removes its work. */
        Plan noPrevious(long clusterId) {
            noPrevious.add(clusterId);
            return this;
        }

        /** Another cluster's agent carries this cluster's work. */
        Plan carrier(long clusterId, long carrierId) {
            carriers.put(clusterId, carrierId);
            return this;
        }

        long create() {
            long id = nextId++;
            List<CampaignRow.WaveInfo> waves = new ArrayList<>();
            long cluster = 1;
            for (int w = 0; w < waveSizes.length; w++) {
                waves.add(new CampaignRow.WaveInfo(w, w == 0 ? "canary" : "wave " + w, waveSizes[w]));
                for (int i = 0; i < waveSizes[w]; i++, cluster++) {
                    targets.add(id, cluster, "c" + cluster, w, noPrevious.contains(cluster) ? null : "rev-" + cluster,
                            carriers.get(cluster));
                }
            }
            campaigns.insert(new FakeCampaignRows.Row(id, FakeKind.KIND, waves, (int) cluster - 1, maxConcurrency,
                    maxFailures, onFailure, unreachable, soakSeconds, approvalWaves, clock.instant()));
            return id;
        }
    }
}
