package dev.flotilla.cli.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.http.Api;
import org.junit.jupiter.api.Test;

class CampaignWatchTest {

    @Test
    void theProgressLineShowsTheWaveABarOfSettledTargetsAndTheNonZeroCounts() {
        var campaign = Api.JSON.readTree("""
                {"state":"RUNNING","currentWave":1,"waves":[{},{},{}],"targets":10,
                 "counts":{"PENDING":4,"DISPATCHED":1,"IN_PROGRESS":0,"SUCCEEDED":4,"FAILED":1,"ROLLED_BACK":0,
                           "SKIPPED":0}}""");

        assertThat(CampaignWatch.progressLine(campaign)).isEqualTo("[RUNNING wave 1/2] "
                + "[###############...............] 5/10 settled: PENDING 4, DISPATCHED 1, SUCCEEDED 4, FAILED 1");
    }
}
