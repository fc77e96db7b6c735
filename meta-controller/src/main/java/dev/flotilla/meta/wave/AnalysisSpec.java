package dev.flotilla.meta.wave;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.meta.web.FlotillaException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis a campaign runs on each wave once the wave's targets are done, in parallel with its soak: every
 * {@code intervalSeconds} each metric's query is sent to the named provider and its result judged by the metric's
 * condition. After {@code count} rounds the wave passes; more than {@code failureLimit} failed measurements fail it
 * (the campaign's {@code onFailure} then applies at once, whatever soak time is left); more than
 * {@code inconclusiveLimit} measurements without an answer (no data, provider down) pause the campaign with the
 * reason. Queries may use {@code ${clusters}} (a regex of the wave's cluster names), {@code ${cluster}} (for
 * CLUSTER-scoped metrics, measured once per cluster of the wave), {@code ${application}}, {@code ${revision}} and
 * {@code ${wave}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisSpec(
        @NotBlank @Size(max = 63) String provider,
        @Min(1) @Max(3600) Integer intervalSeconds,
        @Min(1) @Max(1000) Integer count,
        @Min(0) @Max(1000) Integer failureLimit,
        @Min(0) @Max(1000) Integer inconclusiveLimit,
        @NotEmpty @Size(max = 20) List<@NotNull @Valid Metric> metrics) {

    public static final int DEFAULT_INTERVAL_SECONDS = 10;
    public static final int DEFAULT_COUNT = 3;
    public static final int DEFAULT_INCONCLUSIVE_LIMIT = 1;

    /** Where a metric is measured: once for the whole wave, or once per cluster of the wave. */
    public enum Scope { WAVE, CLUSTER }

    /** One query and the condition its result must meet (or must not: {@code failureCondition}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metric(
            @NotBlank @Size(max = 63) @Pattern(regexp = "[A-Za-z0-9][-A-Za-z0-9_.]*",
                    message = "must be letters, digits, '-', '_' or '.'") String name,
            @NotBlank @Size(max = 4000) String query,
            @Size(max = 200) String successCondition,
            @Size(max = 200) String failureCondition,
            Scope scope) {

        public Scope scopeOrDefault() {
            return scope == null ? Scope.WAVE : scope;
        }

        /** Whether {@code value} fails this metric. */
        public boolean fails(double value) {
            return successCondition != null ? !AnalysisCondition.parse(successCondition).test(value)
                    : AnalysisCondition.parse(failureCondition).test(value);
        }

        /** The condition as an operator reads it, e.g. {@code result < 0.01} or {@code not (result > 0.05)}. */
        public String condition() {
            return successCondition != null ? successCondition : "not (" + failureCondition + ")";
        }
    }

    public int interval() {
        return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
    }

    public int rounds() {
        return count == null ? DEFAULT_COUNT : count;
    }

    public int failuresTolerated() {
        return failureLimit == null ? 0 : failureLimit;
    }

    public int inconclusiveTolerated() {
        return inconclusiveLimit == null ? DEFAULT_INCONCLUSIVE_LIMIT : inconclusiveLimit;
    }

    /**
     * What the wave's analysis asks, one line per query with its placeholders filled, for a dry run
     * ({@code ${cluster}} stays for CLUSTER-scoped metrics: it is measured once per cluster).
     */
    public List<String> describe(List<String> clusters, String application, String revision, int wave) {
        return metrics.stream().map(m -> m.name() + " (" + m.scopeOrDefault() + ", " + m.condition() + ", "
                + rounds() + " rounds every " + interval() + "s via " + provider + "): "
                + expand(m.query(), clusters, m.scopeOrDefault() == Scope.CLUSTER ? "${cluster}" : null, application,
                revision, wave)).toList();
    }

    /**
     * A query with its placeholders replaced: {@code ${clusters}} by the cluster names as a regex alternation (DNS
     * labels: nothing in them needs quoting), {@code ${cluster}}, {@code ${application}}, {@code ${revision}},
     * {@code ${wave}}.
     */
    public static String expand(String query, List<String> clusters, String cluster, String application,
            String revision, int wave) {
        return query.replace("${clusters}", String.join("|", clusters))
                .replace("${cluster}", cluster == null ? "" : cluster)
                .replace("${application}", application == null ? "" : application)
                .replace("${revision}", revision == null ? "" : revision)
                .replace("${wave}", String.valueOf(wave));
    }

    /** What bean validation cannot see: one condition per metric that parses, names unique. A 400 names the field. */
    void check() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric m = metrics.get(i);
            String field = "analysis.metrics[" + i + "]";
            if (!names.add(m.name())) {
                throw FlotillaException.badInput(field + ".name '" + m.name() + "' is used twice")
                        .with("field", field + ".name");
            }
            if ((m.successCondition() == null) == (m.failureCondition() == null)) {
                throw FlotillaException.badInput(field + " takes exactly one of 'successCondition' and "
                        + "'failureCondition'").with("field", field);
            }
            String which = m.successCondition() != null ? "successCondition" : "failureCondition";
            try {
                AnalysisCondition.parse(m.successCondition() != null ? m.successCondition() : m.failureCondition());
            } catch (IllegalArgumentException e) {
                throw FlotillaException.badInput(field + "." + which + " is not a condition: " + e.getMessage())
                        .with("field", field + "." + which);
            }
            if (m.scopeOrDefault() == Scope.WAVE && m.query().contains("${cluster}")) {
                throw FlotillaException.badInput(field + ".query uses ${cluster} but the metric's scope is WAVE; "
                        + "use ${clusters} (a regex of the wave's clusters) or scope CLUSTER").with("field",
                        field + ".query");
            }
        }
    }
}
