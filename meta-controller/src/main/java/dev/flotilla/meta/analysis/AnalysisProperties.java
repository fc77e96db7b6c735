package dev.flotilla.meta.analysis;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The metric providers analyses may name: {@code flotilla.analysis.providers.<name>.url} and, optionally,
 * {@code bearer-token} or {@code username}/{@code password}, and {@code timeout} (5 s). An {@code https} URL is
 * checked against the JVM's trust store.
 */
@Validated
@ConfigurationProperties("flotilla.analysis")
public record AnalysisProperties(@DefaultValue Map<String, @Valid Provider> providers) {

    public record Provider(@NotNull URI url, String bearerToken, String username, String password,
            @DefaultValue("5s") Duration timeout) {
    }
}
