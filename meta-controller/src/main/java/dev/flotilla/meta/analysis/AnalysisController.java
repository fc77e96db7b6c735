package dev.flotilla.meta.analysis;

import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.AnalysisSpec;
import dev.flotilla.meta.wave.CampaignQueries;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** A campaign's analysis: its spec and, per wave analysed so far, the verdict and every measurement. */
@RestController
class AnalysisController {

    /** The analysis of one wave. */
    record WaveAnalysis(int wave, String verdict, int rounds, int passAtRound, int failures, int inconclusive,
            Instant startedAt, Instant finishedAt, String message, List<AnalysisRuns.Row> measurements) {
    }

    record CampaignAnalysis(long campaign, AnalysisSpec spec, List<WaveAnalysis> waves) {
    }

    private final CampaignQueries campaigns;
    private final AnalysisRuns runs;
    private final ObjectMapper json;

    AnalysisController(CampaignQueries campaigns, AnalysisRuns runs, ObjectMapper json) {
        this.campaigns = campaigns;
        this.runs = runs;
        this.json = json;
    }

    @GetMapping("/api/v1/campaigns/{id}/analysis")
    CampaignAnalysis analysis(@AuthenticationPrincipal ApiCaller caller, @PathVariable long id) {
        campaigns.status(caller, id, null); // 404 unless the caller may see the campaign
        AnalysisSpec spec = runs.spec(id).map(text -> json.readValue(text, AnalysisSpec.class)).orElse(null);
        List<WaveAnalysis> waves = runs.all(id).stream().map(r -> new WaveAnalysis(r.wave(), r.verdict(), r.rounds(),
                r.passAtRound(), r.failures(), r.inconclusive(), r.startedAt(), r.finishedAt(), r.message(),
                runs.measurements(id, r.wave()))).toList();
        return new CampaignAnalysis(id, spec, waves);
    }
}
