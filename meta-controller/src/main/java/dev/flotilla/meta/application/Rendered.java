package dev.flotilla.meta.application;

import java.util.List;
import java.util.Map;

/**
 * A revision as one cluster gets it: its bundle, or why the revision's overrides do not apply there. Clusters whose
 * renderings are alike (same overrides matched, same placeholder values) share one instance: read it, never change it.
 */
public sealed interface Rendered {

    /** resources in apply order ({@code WorkItem.resources}' order) */
    record Bundle(List<Map<String, Object>> resources) implements Rendered {
    }

    /** an override that does not apply to this cluster: the message names the override and why */
    record Refused(String message) implements Rendered {
    }
}
