package dev.flotilla.meta.application;

import java.util.List;
import java.util.Map;

/**
 * What changes for one cluster from one revision to another, object by object (API group, kind, namespace, name).
 *
 * @param from the revision compared from; 0 is the nothing before the first
 * @param added the objects only {@code to} holds, as rendered
 * @param changed the objects both hold that differ, each with the RFC 6902 patch from the old to the new
 * @param removed the objects only {@code from} holds, as rendered
 * @param unchanged how many objects both hold alike
 */
public record BundleDiff(String application, String cluster, int from, int to, List<Map<String, Object>> added,
        List<Changed> changed, List<Map<String, Object>> removed, int unchanged) {

    /** An object both revisions hold, and the JSON patch (RFC 6902) that turns the old into the new. */
    public record Changed(String apiVersion, String kind, String namespace, String name,
            List<Map<String, Object>> patch) {
    }
}
