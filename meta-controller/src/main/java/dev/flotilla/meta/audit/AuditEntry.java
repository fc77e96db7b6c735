package dev.flotilla.meta.audit;

/** One audit record as it is written. */
record AuditEntry(String actor, String actorName, String tenant, String action, String resourceType,
        String resourceId, String method, String path, String requestSummary, int status, String problemType,
        boolean replayed) {
}
