package dev.flotilla.meta.analysis;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** The configured metric providers by name (Prometheus for now). */
@Component
class MetricProviders {

    private final Map<String, PrometheusProvider> providers = new TreeMap<>();

    MetricProviders(AnalysisProperties properties, ObjectMapper json) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        properties.providers().forEach((name, settings) ->
                providers.put(name, new PrometheusProvider(name, settings, http, json)));
    }

    Optional<PrometheusProvider> get(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    Set<String> names() {
        return providers.keySet();
    }
}
