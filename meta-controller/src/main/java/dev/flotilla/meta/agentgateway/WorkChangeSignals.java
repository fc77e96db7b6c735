package dev.flotilla.meta.agentgateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The gateway's {@link WorkSignals}: after the caller's transaction commits, one query re-reads the
 * clusters' generations and their waiting polls are woken. The work runs on an answer thread, never
 * on the committing thread, whose connection is still bound to the finished transaction.
 */
@Component
class WorkChangeSignals implements WorkSignals {

    private final WorkGenerations generations;
    private final WorkPolls polls;
    private final GatewayExecutors executors;

    WorkChangeSignals(WorkGenerations generations, WorkPolls polls, GatewayExecutors executors) {
        this.generations = generations;
        this.polls = polls;
        this.executors = executors;
    }

    @Override
    public void afterCommit(Collection<Long> clusterIds) {
        if (clusterIds.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(clusterIds);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executors.answers().execute(() -> wake(ids));
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executors.answers().execute(() -> wake(ids));
            }
        });
    }

    private void wake(List<Long> clusterIds) {
        Map<Long, Long> read = generations.refresh(clusterIds);
        polls.wake(read);
    }
}
