package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manifests in {@code deploy/manifests} for {@code kubectl apply} are the charts' output, never a second
 * hand-written copy: each is {@code helm template} of its chart with the values file beside it. After a chart change,
 * {@code ./mvnw -pl deploy-tests -am test -Dtest=PlainManifestsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dflotilla.manifests.write=true} writes them anew.
 */
class PlainManifestsTest {

    private static final String WRITE = "flotilla.manifests.write";

    @ParameterizedTest
    @CsvSource({"flotilla-meta-controller, flotilla-system", "flotilla-agent, flotilla-agent"})
    void areTheChartsOutputWithTheValuesBesideThem(String chart, String namespace) throws IOException {
        Path manifests = Charts.deployDirectory().resolve("manifests");
        Path values = manifests.resolve(chart + ".values.yaml");
        String expected = header(chart, namespace) + Charts.template(chart, chart, namespace, List.of(values));
        Path file = manifests.resolve(chart + ".yaml");

        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(file, expected);
        }

        assertThat(Files.exists(file)).as(file + " exists").isTrue();
        assertThat(Files.readString(file)).as(file + " is stale: run ./mvnw -pl deploy-tests -am test"
                + " -Dtest=PlainManifestsTest -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true")
                .isEqualTo(expected);
    }

    private static String header(String chart, String namespace) {
        return "# Generated from deploy/helm/" + chart + " with deploy/manifests/" + chart + ".values.yaml by\n"
                + "# PlainManifestsTest (module deploy-tests); edit the chart, not this file. Apply with:\n"
                + "#   kubectl create namespace " + namespace + "\n"
                + "#   kubectl apply -n " + namespace + " -f deploy/manifests/" + chart + ".yaml\n";
    }
}
