package dev.flotilla.meta.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link DatabaseStartRefused} as Spring Boot's "APPLICATION FAILED TO START" report: what, and what to set. */
class DatabaseStartRefusedAnalyzer extends AbstractFailureAnalyzer<DatabaseStartRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseStartRefused cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
