package dev.flotilla.meta.application;

import java.util.List;
import java.util.Map;

/**
 * A revision as one cluster gets it.
 *
 * @param resources the exact resources, in apply order; null when the revision does not apply to the cluster
 * @param refused why the revision's overrides do not apply to the cluster (a rollout's target there fails with it);
 *                null when they do
 */
public record RenderedBundle(String application, int revision, String cluster, List<Map<String, Object>> resources,
        String refused) {
}
