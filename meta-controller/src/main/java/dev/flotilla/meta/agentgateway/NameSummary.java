package dev.flotilla.meta.agentgateway;

import java.util.List;

/** Names clusters in a log line without writing 10,000 names: the count, then the first few. */
final class NameSummary {

    static final int SHOWN = 10;

    private NameSummary() {
    }

    static String of(List<String> names) {
        if (names.size() <= SHOWN) {
            return names.size() + " (" + String.join(", ", names) + ")";
        }
        return names.size() + " (" + String.join(", ", names.subList(0, SHOWN))
                + " and " + (names.size() - SHOWN) + " more)";
    }
}
