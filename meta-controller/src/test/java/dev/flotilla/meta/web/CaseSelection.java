package dev.flotilla.meta.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Picks up to {@code n} cases of an operation, seeded: one of each category in turn (authentication, transport and
 * parameter categories first, then the field mutations in a shuffled order), round after round, each category's
 * cases shuffled, so a small run still covers every kind of mistake and a larger one goes deeper.
 */
final class CaseSelection {

    private static final List<String> FIRST = List.of("no-token", "unknown-token", "viewer-token", "agent-token",
            "portal-token", "unknown-agent-token", "huge-token", "oversized-body", "wrong-content-type",
            "no-content-type", "malformed-json", "empty-body", "no-body", "not-utf8", "missing-required",
            "unknown-field", "bad-path-", "bad-query-", "bad-proposed-token");

    private CaseSelection() {
    }

    static List<FuzzCase> choose(List<FuzzCase> all, int n, Random random) {
        Map<String, List<FuzzCase>> byCategory = new LinkedHashMap<>();
        for (FuzzCase c : all) {
            byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
        }
        List<String> categories = new ArrayList<>(byCategory.keySet());
        Collections.shuffle(categories, random);
        categories.sort(Comparator.comparingInt(CaseSelection::rank));
        byCategory.values().forEach(cases -> Collections.shuffle(cases, random));
        List<FuzzCase> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < n; round++) {
            boolean any = false;
            for (String category : categories) {
                List<FuzzCase> cases = byCategory.get(category);
                if (round < cases.size() && chosen.size() < n) {
                    chosen.add(cases.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return chosen;
    }

    private static int rank(String category) {
        for (int i = 0; i < FIRST.size(); i++) {
            if (category.startsWith(FIRST.get(i))) {
                return 0;
            }
        }
        return 1;
    }
}
