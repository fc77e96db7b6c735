-- The agent gateway owns every work item: one list per cluster of what its agent must run, whatever campaign kind
-- put it there (a rollout's application, an upgrade's control-plane component on its host). It replaces
-- rollout_work and control_plane_work; their rows move here unchanged in meaning (same work ids and generations,
-- so agents in flight notice nothing).

-- manifests by content: ten thousand clusters running one revision share one row; kept like revisions are
CREATE TABLE work_manifest (
    hash      VARCHAR(64)  PRIMARY KEY,
    manifest  JSONB        NOT NULL
);

CREATE TABLE work_item (
    -- the cluster whose agent runs the item
    carrier_id           BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    -- what the item occupies on its carrier (one workload); a newer item for the same slot replaces it
    slot                 VARCHAR(200) NOT NULL,
    work_id              VARCHAR(200) NOT NULL,
    -- the campaign kind that put it there and takes its reports, and the campaign target it serves
    kind                 VARCHAR(32)  NOT NULL,
    campaign_id          BIGINT       NOT NULL,
    cluster_id           BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    -- the kind's own facts about the item, handed back to it with every report
    payload              JSONB        NOT NULL,
    -- what the agent is told besides the manifest: application, kind, namespace, name, revision, strategy
    item                 JSONB        NOT NULL,
    manifest_hash        VARCHAR(64)  NOT NULL REFERENCES work_manifest (hash),
    paused               BOOLEAN      NOT NULL DEFAULT false,
    rollback             BOOLEAN      NOT NULL DEFAULT false,
    generation           BIGINT       NOT NULL DEFAULT 1,
    reported_generation  BIGINT       NOT NULL DEFAULT -1,
    reported_seq         BIGINT       NOT NULL DEFAULT -1,
    phase                VARCHAR(24),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (carrier_id, slot)
);
CREATE UNIQUE INDEX work_item_work_id_idx ON work_item (carrier_id, work_id);
CREATE INDEX work_item_campaign_idx ON work_item (campaign_id, cluster_id);

INSERT INTO work_manifest (hash, manifest)
SELECT DISTINCT encode(sha256(convert_to(r.manifest::text, 'UTF8')), 'hex'), r.manifest
FROM rollout_work w JOIN application_revision r ON r.application_id = w.application_id AND r.revision = w.revision
ON CONFLICT DO NOTHING;
INSERT INTO work_manifest (hash, manifest)
SELECT DISTINCT encode(sha256(convert_to(w.manifest::text, 'UTF8')), 'hex'), w.manifest FROM control_plane_work w
ON CONFLICT DO NOTHING;

INSERT INTO work_item (carrier_id, slot, work_id, kind, campaign_id, cluster_id, payload, item, manifest_hash, paused,
    rollback, generation, reported_generation, reported_seq, phase, updated_at)
SELECT w.cluster_id, 'application/' || a.name, w.work_id, 'ROLLOUT', w.rollout_id, w.cluster_id,
       jsonb_build_object('applicationId', w.application_id, 'revision', w.revision),
       jsonb_build_object('application', a.name, 'kind', a.kind, 'namespace', a.namespace,
           'name', r.manifest -> 'metadata' ->> 'name', 'revision', w.revision,
           'strategy', CASE WHEN w.rollback THEN '{"batches": []}'::jsonb ELSE ro.cluster_strategy END),
       encode(sha256(convert_to(r.manifest::text, 'UTF8')), 'hex'), w.paused, w.rollback, w.generation,
       w.reported_generation, w.reported_seq, w.phase, w.updated_at
FROM rollout_work w JOIN application a ON a.id = w.application_id
JOIN application_revision r ON r.application_id = w.application_id AND r.revision = w.revision
JOIN rollout ro ON ro.id = w.rollout_id;

-- control-plane items carried the step deadline of the running service; migrated ones get the default (30 min)
INSERT INTO work_item (carrier_id, slot, work_id, kind, campaign_id, cluster_id, payload, item, manifest_hash,
    generation, reported_generation, reported_seq, phase, updated_at)
SELECT w.host_cluster_id, 'control-plane/' || c.name || '/' || w.component, w.work_id, 'UPGRADE', u.campaign_id,
       w.cluster_id, jsonb_build_object('upgradeId', w.upgrade_id, 'step', w.step),
       jsonb_build_object('application', c.name || '-' || w.component, 'kind', w.kind, 'namespace', w.namespace,
           'name', w.component, 'revision', split_part(regexp_replace(w.version, '^v', ''), '.', 2)::int,
           'strategy', '{"batches": [], "progressDeadlineSeconds": 1800}'::jsonb),
       encode(sha256(convert_to(w.manifest::text, 'UTF8')), 'hex'), w.generation, w.reported_generation,
       w.reported_seq, w.phase, w.updated_at
FROM control_plane_work w JOIN cluster c ON c.id = w.cluster_id JOIN cluster_upgrade u ON u.id = w.upgrade_id
WHERE u.campaign_id IS NOT NULL;

DROP TABLE rollout_work;
DROP TABLE control_plane_work;

-- Who a campaign belongs to is the engine's to know, for every kind: the tenant that sees it (null: unscoped
-- tokens only) and who created it. They move here from rollout and upgrade_campaign.
ALTER TABLE wave_campaign ADD COLUMN tenant VARCHAR(63), ADD COLUMN created_by VARCHAR(63);
UPDATE wave_campaign w SET tenant = a.tenant, created_by = r.created_by
FROM rollout r JOIN application a ON a.id = r.application_id WHERE r.id = w.id;
UPDATE wave_campaign w SET tenant = u.tenant, created_by = u.created_by FROM upgrade_campaign u WHERE u.id = w.id;
ALTER TABLE rollout DROP COLUMN created_by;
ALTER TABLE upgrade_campaign DROP COLUMN tenant, DROP COLUMN created_by;
DROP INDEX IF EXISTS upgrade_campaign_tenant_idx;
CREATE INDEX wave_campaign_tenant_idx ON wave_campaign (tenant, id);

-- Whether an upgrade is paused is its campaign's state, kept once: the next step starts only from a running campaign.
ALTER TABLE cluster_upgrade DROP COLUMN paused;
