package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.WorkResponse;
import org.springframework.stereotype.Component;

/** Builds a cluster's {@link WorkResponse} from its work list. */
@Component
class WorkAnswers {

    private final WorkItemStore store;

    WorkAnswers(WorkItemStore store) {
        this.store = store;
    }

    /**
     * The cluster's work as of {@code generation}. The generation is read before the items, so the items
     * are never older than it; at worst they are newer and the agent's next poll is answered at once.
     */
    WorkResponse answer(long clusterId, long generation) {
        return new WorkResponse(generation, store.listFor(clusterId));
    }

    /** The work of many clusters, each as of its generation, read with one query (see {@link #answer}). */
    java.util.Map<Long, WorkResponse> answers(java.util.Map<Long, Long> generationsByCluster) {
        var lists = store.listsFor(generationsByCluster.keySet());
        java.util.Map<Long, WorkResponse> answers = new java.util.HashMap<>();
        generationsByCluster.forEach((cluster, generation) -> answers.put(cluster,
                new WorkResponse(generation, lists.getOrDefault(cluster, java.util.List.of()))));
        return answers;
    }
}
