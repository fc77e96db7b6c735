package dev.flotilla.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaControllerProcessTest {

    @Test
    void theChildGetsNoneOfTheShellsProductionSettingsSoTheDemoFindsItsGeneratedAdminToken() {
        Map<String, String> environment = new HashMap<>(Map.of(
                "FLOTILLA_ADMIN_TOKEN", "flt_production-secret",
                "FLOTILLA_DATA_DIR", "/var/lib/flotilla",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example.internal:5432/flotilla",
                "SPRING_DATASOURCE_PASSWORD", "secret",
                "SPRING_APPLICATION_JSON", "{}",
                "PATH", "/usr/bin",
                "JAVA_HOME", "/usr/lib/jvm/17",
                "KUBERNETES_SERVICE_HOST", "10.96.0.1"));

        MetaControllerProcess.isolate(environment);

        assertThat(environment).containsOnlyKeys("PATH", "JAVA_HOME", "KUBERNETES_SERVICE_HOST");
    }
}
