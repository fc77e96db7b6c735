-- The cluster row holds the inventory and the agent's facts. What changes several times a minute per cluster during
-- a rollout no longer touches its indexed columns, so that those writes are HOT updates (no new entry in any of the
-- cluster table's indexes, its GIN index on labels included, which the portal's selector pages read):
--  * the work generation, bumped by every dispatch and polled by the agents, moves to a narrow table of its own with
--    the index the cross-replica sweep reads (a cluster without a row there is at generation 0);
--  * the heartbeat stays on the row but loses its index: the readiness sweep, every few seconds, reads the READY
--    clusters' heartbeats with the rest of the table (a scan of a few MB at 10,000 clusters).
DROP INDEX cluster_work_changed_idx;

CREATE TABLE cluster_work (
    cluster_id  BIGINT       PRIMARY KEY REFERENCES cluster (id) ON DELETE CASCADE,
    -- grows with every change of the cluster's work; the agent long-polls on it
    generation  BIGINT       NOT NULL,
    changed_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX cluster_work_changed_idx ON cluster_work (changed_at);

INSERT INTO cluster_work (cluster_id, generation, changed_at)
SELECT id, work_generation, work_changed_at FROM cluster WHERE work_generation > 0;

ALTER TABLE cluster DROP COLUMN work_generation;
ALTER TABLE cluster DROP COLUMN work_changed_at;

DROP INDEX cluster_ready_heartbeat_idx;

-- room on each page for the new versions of heartbeat updates (a HOT update stays on its page)
ALTER TABLE cluster SET (fillfactor = 70);
