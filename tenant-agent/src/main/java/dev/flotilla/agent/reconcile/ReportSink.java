package dev.flotilla.agent.reconcile;

import dev.flotilla.api.agent.StatusReport;

/** Where the reconciler puts its reports (the hub client's buffer, or a list in a test). */
@FunctionalInterface
public interface ReportSink {

    void report(StatusReport report);
}
