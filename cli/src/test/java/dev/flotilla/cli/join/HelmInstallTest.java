package dev.flotilla.cli.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmInstallTest {

    /**
     * Helm's strvals parser (helm/helm pkg/strvals/parser.go) splits --set keys at '.' and values at ',' unless a
     * backslash escapes them: label keys with dots and values with commas survive.
     */
    @Test
    void escapesDotsInLabelKeysAndCommasInValuesAsHelmsSetParserReadsThem() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team.example.com/owner", "a,b");
        HelmInstall helm = new HelmInstall("flotilla-agent", "deploy/helm/flotilla-agent", "ns",
                new AgentSettings("https://hub", "flr_x", "edge-1", labels));

        assertThat(helm.arguments()).endsWith("--set", "cluster.labels.team\\.example\\.com/owner=a\\,b");
        assertThat(helm.command()).endsWith("  --set 'cluster.labels.team\\.example\\.com/owner=a\\,b'\n");
    }

    @Test
    void quotesForTheShellOnlyWhatNeedsIt() {
        HelmInstall helm = new HelmInstall("flotilla-agent", "deploy/helm/flotilla-agent", "ns",
                new AgentSettings("https://hub:8443/x", "flr_x", "edge-1", Map.of("note", "it's")));

        assertThat(helm.command()).contains("--set metaController.url=https://hub:8443/x \\\n")
                .contains("--set 'cluster.labels.note=it'\\''s'");
    }
}
