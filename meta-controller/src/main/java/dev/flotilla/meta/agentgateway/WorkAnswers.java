package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Builds a cluster's {@link WorkResponse} from every {@link ClusterWorkSource}. The sources are looked up
 * once all singletons exist, not injected, because the features that provide them also use
 * {@link WorkSignals}, which this gateway implements: injecting them would make a cycle.
 */
@Component
class WorkAnswers implements SmartInitializingSingleton {

    private final ObjectProvider<ClusterWorkSource> provider;
    private volatile List<ClusterWorkSource> sources;

    WorkAnswers(ObjectProvider<ClusterWorkSource> provider) {
        this.provider = provider;
    }

    @Override
    public void afterSingletonsInstantiated() {
        sources = provider.orderedStream().toList();
    }

    /**
     * The cluster's work as of {@code generation}. The generation is read before the items, so the items
     * are never older than it; at worst they are newer and the agent's next poll is answered at once.
     */
    WorkResponse answer(long clusterId, long generation) {
        List<ClusterWorkSource> known = sources;
        if (known == null) {
            known = provider.orderedStream().toList();
        }
        List<WorkItem> items = new ArrayList<>();
        for (ClusterWorkSource source : known) {
            items.addAll(source.workFor(clusterId));
        }
        return new WorkResponse(generation, items);
    }
}
