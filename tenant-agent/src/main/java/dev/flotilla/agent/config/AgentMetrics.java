package dev.flotilla.agent.config;

import dev.flotilla.agent.TenantAgent;
import dev.flotilla.api.agent.WorkPhase;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The agent's own gauges, read from the running agent at scrape time (the Prometheus names in
 * docs/install.md): work items by phase, the report queue, the last answered work poll and the link to the
 * meta-controller; the apply and batch counters are {@link MeteredBackend}'s. JVM metrics ride along. The meters
 * hold the agent weakly (Micrometer's way); the application context holds it strongly.
 */
final class AgentMetrics {

    private AgentMetrics() {
    }

    static void bind(MeterRegistry registry, TenantAgent agent) {
        for (WorkPhase phase : WorkPhase.values()) {
            Gauge.builder("flotilla.agent.work.items", agent,
                    a -> a.phases().values().stream().filter(phase::equals).count())
                    .description("Work items by the phase last reported").tag("phase", phase.name())
                    .register(registry);
        }
        Gauge.builder("flotilla.agent.report.queue", agent, TenantAgent::pendingReports)
                .description("Status reports waiting for delivery to the meta-controller").register(registry);
        FunctionCounter.builder("flotilla.agent.reports.dropped", agent, TenantAgent::reportsDropped)
                .description("Reports the buffer bound dropped while the meta-controller was unreachable")
                .register(registry);
        Gauge.builder("flotilla.agent.last.successful.poll", agent,
                a -> a.lastSuccessfulPoll().map(at -> at.toEpochMilli() / 1000.0).orElse(0.0))
                .description("When a work poll was last answered (Unix time; 0 before the first)")
                .baseUnit("timestamp_seconds").register(registry);
        Gauge.builder("flotilla.agent.meta.controller.connected", agent, a -> a.connected() ? 1 : 0)
                .description("1 while the agent holds its agent token and its calls to the meta-controller get through")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }
}
