package dev.flotilla.meta.rollout;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.meta.web.FlotillaException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an in-cluster strategy must satisfy: Kruise int-or-percent values, partitions that only go down. */
final class StrategyRules {

    private static final Pattern INT_OR_PERCENT = Pattern.compile("(\\d{1,9})(%?)");

    private StrategyRules() {
    }

    static void check(ClusterStrategy strategy) {
        if (strategy == null) {
            return;
        }
        intOrPercent("clusterStrategy.maxUnavailable", strategy.maxUnavailable());
        intOrPercent("clusterStrategy.maxSurge", strategy.maxSurge());
        if (strategy.type() == UpdateType.InPlaceOnly && strategy.maxSurge() != null
                && !strategy.maxSurge().matches("0%?")) {
            throw bad("clusterStrategy.maxSurge", "must be 0 with InPlaceOnly: Kruise forbids surge for in-place only");
        }
        Long previous = null;
        Boolean previousPercent = null;
        for (int i = 0; i < strategy.batches().size(); i++) {
            String field = "clusterStrategy.batches[" + i + "].partition";
            String partition = strategy.batches().get(i).partition();
            if (partition == null) {
                throw bad(field, "is required");
            }
            Matcher m = intOrPercent(field, partition);
            long value = Long.parseLong(m.group(1));
            boolean percent = !m.group(2).isEmpty();
            if (previous != null && previousPercent == percent && value >= previous) {
                throw bad(field, "must be lower than the batch before (a batch lowers the partition; was '"
                        + partition + "')");
            }
            previous = value;
            previousPercent = percent;
        }
    }

    private static Matcher intOrPercent(String field, String value) {
        if (value == null) {
            return null;
        }
        Matcher m = INT_OR_PERCENT.matcher(value.strip());
        if (!m.matches() || (!m.group(2).isEmpty() && Long.parseLong(m.group(1)) > 100)) {
            throw bad(field, "must be an integer or a percent from 0% to 100% (was '" + value + "')");
        }
        return m;
    }

    private static FlotillaException bad(String field, String problem) {
        return FlotillaException.badInput("field '" + field + "' " + problem).with("field", field);
    }
}
