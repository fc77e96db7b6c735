package dev.flotilla.meta.application;

import java.time.Instant;
import java.util.Map;

/** One immutable revision of an application: its number and the full manifest. */
public record Revision(String application, int revision, Instant createdAt, Map<String, Object> manifest) {
}
