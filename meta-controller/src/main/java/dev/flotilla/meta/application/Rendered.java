package dev.flotilla.meta.application;

import java.util.List;
import java.util.Map;

/** A revision's bundle as one cluster gets it, or why it cannot get it. */
public sealed interface Rendered {

    /** The resources in apply order ({@code WorkItem.resources}' order). */
    record Bundle(List<Map<String, Object>> resources) implements Rendered {
    }

    /** An override that does not apply to this cluster: the message names the override and why. */
    record Refused(String message) implements Rendered {
    }
}
