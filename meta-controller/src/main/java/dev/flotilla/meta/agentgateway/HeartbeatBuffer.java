package dev.flotilla.meta.agentgateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces heartbeats in memory: each cluster keeps only its latest instant until the next flush, so
 * 10,000 agents polling cost one row per cluster per flush instead of one write per poll.
 */
final class HeartbeatBuffer {

    /** A cluster's latest heartbeat since the last drain. */
    record Beat(long clusterId, Instant at) {
    }

    private final ConcurrentHashMap<Long, Instant> latest = new ConcurrentHashMap<>();

    void record(long clusterId, Instant at) {
        latest.merge(clusterId, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /**
     * Takes every pending heartbeat out of the buffer. A beat recorded while draining is either taken now
     * or left for the next drain, never lost: each key is removed with the value it had at removal.
     */
    List<Beat> drain() {
        List<Beat> beats = new ArrayList<>(latest.size());
        for (Long clusterId : latest.keySet()) {
            Instant at = latest.remove(clusterId);
            if (at != null) {
                beats.add(new Beat(clusterId, at));
            }
        }
        return beats;
    }

    /** Puts beats back after a failed flush, keeping any newer beat recorded meanwhile. */
    void restore(List<Beat> beats) {
        beats.forEach(beat -> record(beat.clusterId(), beat.at()));
    }

    int pending() {
        return latest.size();
    }
}
