-- A target's state changes three times in a rollout (dispatched, in progress, succeeded), written by the status
-- writer for every report. Two indexes used its state (the pending targets in plan order, and campaign and state),
-- so each of those writes added an entry to every index of the table. Without them the writes are HOT updates (the
-- new version on the same page, no new index entry: no column an index uses changes): the pending targets are
-- found through an index on the plan order, skipping those no longer pending, and the queries by state read the
-- campaign's targets through the primary key.
DROP INDEX wave_target_pending_idx;
DROP INDEX wave_target_state_idx;
CREATE INDEX wave_target_plan_idx ON wave_target (campaign_id, wave, position);

-- room on each page for the new versions of target updates (a HOT update stays on its page)
ALTER TABLE wave_target SET (fillfactor = 70);
