package dev.flotilla.meta.config;

import static dev.flotilla.meta.config.FlotillaProperties.Database.AUTO;
import static dev.flotilla.meta.config.FlotillaProperties.Database.EMBEDDED;
import static dev.flotilla.meta.config.FlotillaProperties.Database.EXTERNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.config.FlotillaProperties.Database;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every combination of flotilla.database, spring.datasource.url, flotilla.replicas and Kubernetes, one sentence each. */
class DatabaseModeTest {

    private static final String URL = "jdbc:postgresql://db.example.internal:5432/flotilla";
    private static final String K8S = "10.96.0.1";
    private static final String SET_URL = "Set SPRING_DATASOURCE_URL";
    private static final String REPLICAS = "flotilla.replicas is 3";

    /** sentence, setting, datasource URL, replicas, KUBERNETES_SERVICE_HOST, the mode or the words of the refusal */
    static Stream<Arguments> combinations() {
        return Stream.of(
                // auto
                row("auto with no datasource URL on one replica outside Kubernetes runs the embedded default",
                        AUTO, null, 1, null, DatabaseMode.EMBEDDED),
                row("auto with a blank datasource URL (--spring.datasource.url=) runs the embedded default",
                        AUTO, " ", 1, "", DatabaseMode.EMBEDDED),
                row("auto with no datasource URL in Kubernetes is refused, naming SPRING_DATASOURCE_URL and"
                        + " FLOTILLA_DATABASE=embedded", AUTO, null, 1, K8S,
                        refused("Kubernetes", SET_URL, "FLOTILLA_DATABASE=embedded")),
                row("auto with no datasource URL on three replicas is refused: each would keep its own inventory",
                        AUTO, null, 3, null, refused(REPLICAS, SET_URL, "FLOTILLA_REPLICAS=1")),
                row("auto with no datasource URL on three replicas in Kubernetes is refused for the replicas",
                        AUTO, null, 3, K8S, refused(REPLICAS, SET_URL)),
                row("auto with a datasource URL on one replica outside Kubernetes uses that server",
                        AUTO, URL, 1, null, DatabaseMode.EXTERNAL),
                row("auto with a datasource URL in Kubernetes uses that server", AUTO, URL, 1, K8S,
                        DatabaseMode.EXTERNAL),
                row("auto with a datasource URL on three replicas uses that server", AUTO, URL, 3, null,
                        DatabaseMode.EXTERNAL),
                row("auto with a datasource URL on three replicas in Kubernetes uses that server", AUTO, URL, 3, K8S,
                        DatabaseMode.EXTERNAL),
                // embedded
                row("embedded with no datasource URL on one replica outside Kubernetes runs the embedded server",
                        EMBEDDED, null, 1, null, DatabaseMode.EMBEDDED),
                row("embedded with no datasource URL on one replica in Kubernetes runs the embedded server: it was"
                        + " asked for explicitly", EMBEDDED, null, 1, K8S, DatabaseMode.EMBEDDED),
                row("embedded on three replicas is refused, even when asked for explicitly", EMBEDDED, null, 3, null,
                        refused(REPLICAS, SET_URL)),
                row("embedded on three replicas in Kubernetes is refused", EMBEDDED, null, 3, K8S,
                        refused(REPLICAS, SET_URL)),
                row("embedded with a datasource URL is a contradiction and is refused", EMBEDDED, URL, 1, null,
                        refused("contradict", "Unset SPRING_DATASOURCE_URL", "FLOTILLA_DATABASE=external")),
                row("embedded with a datasource URL in Kubernetes is refused as a contradiction", EMBEDDED, URL, 1, K8S,
                        refused("contradict")),
                row("embedded with a datasource URL on three replicas is refused as a contradiction", EMBEDDED, URL,
                        3, null, refused("contradict")),
                row("embedded with a datasource URL on three replicas in Kubernetes is refused as a contradiction",
                        EMBEDDED, URL, 3, K8S, refused("contradict")),
                // external
                row("external with no datasource URL is refused, naming SPRING_DATASOURCE_URL", EXTERNAL, null, 1,
                        null, refused("external", SET_URL)),
                row("external with a blank datasource URL is refused", EXTERNAL, "", 1, null, refused(SET_URL)),
                row("external with no datasource URL in Kubernetes is refused", EXTERNAL, null, 1, K8S,
                        refused(SET_URL)),
                row("external with no datasource URL on three replicas is refused", EXTERNAL, null, 3, null,
                        refused(SET_URL)),
                row("external with no datasource URL on three replicas in Kubernetes is refused", EXTERNAL, null, 3,
                        K8S, refused(SET_URL)),
                row("external with a datasource URL uses that server", EXTERNAL, URL, 1, null, DatabaseMode.EXTERNAL),
                row("external with a datasource URL in Kubernetes uses that server", EXTERNAL, URL, 1, K8S,
                        DatabaseMode.EXTERNAL),
                row("external with a datasource URL on three replicas uses that server", EXTERNAL, URL, 3, null,
                        DatabaseMode.EXTERNAL),
                row("external with a datasource URL on three replicas in Kubernetes uses that server", EXTERNAL, URL,
                        3, K8S, DatabaseMode.EXTERNAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void decides(String sentence, Database setting, String url, int replicas, String kubernetes, Object expected) {
        if (expected instanceof DatabaseMode mode) {
            assertThat(DatabaseMode.decide(setting, url, replicas, kubernetes)).isEqualTo(mode);
        } else {
            String[] words = (String[]) expected;
            assertThatThrownBy(() -> DatabaseMode.decide(setting, url, replicas, kubernetes))
                    .isInstanceOf(DatabaseStartRefused.class)
                    .hasMessageContainingAll(words)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(URL)); // no credentials in logs
        }
    }

    private static Arguments row(String sentence, Database setting, String url, int replicas, String kubernetes,
            Object expected) {
        return Arguments.of(sentence, setting, url, replicas, kubernetes, expected);
    }

    private static String[] refused(String... words) {
        return words;
    }
}
