package dev.flotilla.meta.support;

import dev.flotilla.meta.agentgateway.WorkSignals;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** TEST ONLY, to be deleted when the real agent gateway (and its WorkSignals) is merged: counts the signals. */
@Component
public class TestOnlyWorkSignals implements WorkSignals {

    private final AtomicLong signalled = new AtomicLong();

    @Override
    public void afterCommit(Collection<Long> clusterIds) {
        signalled.addAndGet(clusterIds.size());
    }

    public long signalled() {
        return signalled.get();
    }
}
