package dev.flotilla.meta.application;

import java.util.Map;

/** A cluster a revision's bundle is rendered for, with the facts its overrides and substitutions may use. */
public record RenderTarget(long clusterId, String name, String region, String zone, Map<String, String> labels) {
}
