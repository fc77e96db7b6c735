-- Rollouts of bundles: per-resource standing of each target, uninstall rollouts, rollback after success, and
-- in-flight targets of an aborted rollout that end ABORTED.

-- ABORTED: an in-flight target of an aborted campaign (terminal but for a later rollback);
-- ROLLBACK_PENDING: a target of a campaign rolled back after it succeeded, waiting for room under maxConcurrency
ALTER TABLE wave_target DROP CONSTRAINT wave_target_state_check;
ALTER TABLE wave_target ADD CONSTRAINT wave_target_state_check CHECK (state IN
    ('PENDING', 'DISPATCHED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'SKIPPED', 'ABORTED',
     'ROLLBACK_PENDING'));

-- the standing of each resource of the target's bundle as its agent last reported it (null: never reported)
ALTER TABLE wave_target ADD COLUMN resources JSONB;

-- an uninstall rollout removes the application from its targets and has no revision
ALTER TABLE rollout ALTER COLUMN revision DROP NOT NULL;
ALTER TABLE rollout ADD COLUMN uninstall BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE rollout ADD CONSTRAINT rollout_revision_or_uninstall CHECK (uninstall = (revision IS NULL));
