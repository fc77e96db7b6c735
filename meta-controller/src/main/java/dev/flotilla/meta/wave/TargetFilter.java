package dev.flotilla.meta.wave;

/**
 * The query of a campaign's target page ({@code .../targets?state=&wave=&zone=&cursor=&limit=}), bound from the
 * request parameters: by state, wave and zone, after the cursor (the last cluster name of the page before).
 */
public record TargetFilter(TargetState state, Integer wave, String zone, String cursor, Integer limit) {
}
