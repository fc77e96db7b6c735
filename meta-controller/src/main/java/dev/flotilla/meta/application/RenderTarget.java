package dev.flotilla.meta.application;

import java.util.Map;

/** A cluster a revision is rendered for: the facts its overrides select on and substitute. */
public record RenderTarget(long clusterId, String name, String region, String zone, Map<String, String> labels) {
}
