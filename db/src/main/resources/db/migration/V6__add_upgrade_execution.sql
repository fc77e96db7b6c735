-- Executing Kubernetes version upgrades through the wave engine: a target's work may be carried by another
-- cluster's agent (a tenant's control plane runs on its host), fleet upgrade campaigns, per-upgrade step progress,
-- and the control-plane workloads the hosts' agents converge on.

-- the cluster whose agent carries a target's work; null: the target cluster's own agent
ALTER TABLE wave_target ADD COLUMN carrier_id BIGINT REFERENCES cluster (id) ON DELETE CASCADE;
CREATE INDEX wave_target_carrier_idx ON wave_target (carrier_id) WHERE carrier_id IS NOT NULL;

-- an upgrade campaign is a wave campaign of kind UPGRADE plus what it upgrades to
CREATE TABLE upgrade_campaign (
    id              BIGINT       PRIMARY KEY REFERENCES wave_campaign (id) ON DELETE CASCADE,
    target_version  VARCHAR(16)  NOT NULL,
    forced          BOOLEAN      NOT NULL DEFAULT false,
    -- the tenant of a tenant-scoped creator (who alone, with unscoped tokens, sees it); null for unscoped
    tenant          VARCHAR(63),
    -- a per-cluster request (POST /clusters/{name}/upgrades) rather than a fleet campaign
    single_cluster  BOOLEAN      NOT NULL DEFAULT false,
    spec            JSONB        NOT NULL,
    -- clusters the selection matched that preflight refused, with the reasons: they are not targets
    refused         JSONB        NOT NULL DEFAULT '[]'::jsonb,
    created_by      VARCHAR(63)
);
CREATE INDEX upgrade_campaign_tenant_idx ON upgrade_campaign (tenant, id);

-- step progress of each upgrade; the plan's steps are its hops' steps in order (0-based across hops)
ALTER TABLE cluster_upgrade
    ADD COLUMN campaign_id   BIGINT   REFERENCES wave_campaign (id) ON DELETE SET NULL,
    ADD COLUMN steps         INTEGER  NOT NULL DEFAULT 0,
    ADD COLUMN steps_done    INTEGER  NOT NULL DEFAULT 0,
    -- step steps_done is on the host's work list and not finished
    ADD COLUMN step_running  BOOLEAN  NOT NULL DEFAULT false,
    ADD COLUMN paused        BOOLEAN  NOT NULL DEFAULT false,
    ADD COLUMN message       TEXT;
CREATE INDEX cluster_upgrade_campaign_idx ON cluster_upgrade (campaign_id, cluster_id) WHERE campaign_id IS NOT NULL;
-- running upgrades whose next step waits (paused, or for its maintenance window): the engine retries them
CREATE INDEX cluster_upgrade_held_idx ON cluster_upgrade (campaign_id)
    WHERE state = 'RUNNING' AND NOT step_running;

-- The desired workload of one control-plane component of a tenant on its host, as the last upgrade step wrote it.
-- It outlives the upgrade (the host keeps running the component), like rollout_work.
CREATE TABLE control_plane_work (
    cluster_id           BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    component            VARCHAR(32)  NOT NULL,
    host_cluster_id      BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    upgrade_id           BIGINT       NOT NULL REFERENCES cluster_upgrade (id) ON DELETE CASCADE,
    step                 INTEGER      NOT NULL,
    work_id              VARCHAR(200) NOT NULL,
    version              VARCHAR(16)  NOT NULL,
    namespace            VARCHAR(63)  NOT NULL,
    kind                 VARCHAR(32)  NOT NULL,
    manifest             JSONB        NOT NULL,
    generation           BIGINT       NOT NULL DEFAULT 1,
    reported_generation  BIGINT       NOT NULL DEFAULT -1,
    reported_seq         BIGINT       NOT NULL DEFAULT -1,
    phase                VARCHAR(24),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, component)
);
CREATE UNIQUE INDEX control_plane_work_id_idx ON control_plane_work (host_cluster_id, work_id);
CREATE INDEX control_plane_work_upgrade_idx ON control_plane_work (upgrade_id);
