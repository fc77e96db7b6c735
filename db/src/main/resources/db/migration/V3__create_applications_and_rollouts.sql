-- Applications with immutable revisions, the wave campaigns that move clusters (rollouts now, upgrades later),
-- their targets and history, and the per-cluster work the agents converge on.

CREATE TABLE application (
    id               BIGSERIAL    PRIMARY KEY,
    name             VARCHAR(63)  NOT NULL,
    tenant           VARCHAR(63)  NOT NULL,
    namespace        VARCHAR(63)  NOT NULL,
    kind             VARCHAR(32)  NOT NULL,
    -- the last revision number handed out; bumped under the row lock so numbers never collide
    latest_revision  INTEGER      NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT application_name_unique UNIQUE (name),
    CONSTRAINT application_kind_check
        CHECK (kind IN ('CloneSet', 'StatefulSet', 'UnitedDeployment', 'SidecarSet', 'BroadcastJob'))
);
CREATE INDEX application_tenant_name_idx ON application (tenant, name);

CREATE TABLE application_revision (
    application_id  BIGINT       NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    revision        INTEGER      NOT NULL,
    manifest        JSONB        NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, revision)
);

-- which revision each cluster runs: set when a rollout target succeeds or is rolled back
CREATE TABLE application_cluster (
    application_id  BIGINT       NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    cluster_id      BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    revision        INTEGER      NOT NULL,
    rollout_id      BIGINT,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, cluster_id)
);
CREATE INDEX application_cluster_cluster_idx ON application_cluster (cluster_id);

-- A run of waves across clusters. kind says what a target's work is (ROLLOUT; later UPGRADE);
-- subject what the campaign changes (an application name), of which only one campaign may be active.
CREATE TABLE wave_campaign (
    id                BIGSERIAL    PRIMARY KEY,
    kind              VARCHAR(32)  NOT NULL,
    subject           VARCHAR(200) NOT NULL,
    state             VARCHAR(20)  NOT NULL,
    -- the latest wave started; -1 before the first
    current_wave      INTEGER      NOT NULL DEFAULT -1,
    waves             JSONB        NOT NULL,
    target_count      INTEGER      NOT NULL,
    max_concurrency   INTEGER,
    max_failures      INTEGER      NOT NULL,
    -- failures accepted by a resume after the budget was spent
    failure_base      INTEGER      NOT NULL DEFAULT 0,
    on_failure        VARCHAR(16)  NOT NULL,
    unreachable       VARCHAR(8)   NOT NULL,
    soak_seconds      INTEGER      NOT NULL DEFAULT 0,
    approval_waves    INTEGER[]    NOT NULL DEFAULT '{}',
    approved_through  INTEGER      NOT NULL DEFAULT -1,
    soak_until        TIMESTAMPTZ,
    message           TEXT,
    created_at        TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL,
    CONSTRAINT wave_campaign_state_check CHECK (state IN
        ('RUNNING', 'WAITING_APPROVAL', 'PAUSED', 'SUCCEEDED', 'ABORTED', 'ROLLING_BACK', 'ROLLED_BACK', 'FAILED')),
    CONSTRAINT wave_campaign_on_failure_check CHECK (on_failure IN ('PAUSE', 'ROLLBACK')),
    CONSTRAINT wave_campaign_unreachable_check CHECK (unreachable IN ('WAIT', 'SKIP'))
);
CREATE UNIQUE INDEX wave_campaign_one_active_idx ON wave_campaign (kind, subject)
    WHERE state IN ('RUNNING', 'WAITING_APPROVAL', 'PAUSED', 'ROLLING_BACK');
CREATE INDEX wave_campaign_moving_idx ON wave_campaign (id) WHERE state IN ('RUNNING', 'ROLLING_BACK');
CREATE INDEX wave_campaign_kind_state_idx ON wave_campaign (kind, state, id);

CREATE TABLE wave_target (
    campaign_id   BIGINT       NOT NULL REFERENCES wave_campaign (id) ON DELETE CASCADE,
    cluster_id    BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    cluster_name  VARCHAR(63)  NOT NULL,
    region        VARCHAR(63)  NOT NULL,
    zone          VARCHAR(63)  NOT NULL,
    wave          INTEGER      NOT NULL,
    position      INTEGER      NOT NULL,
    state         VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    -- the target is being returned to what it ran before
    rollback      BOOLEAN      NOT NULL DEFAULT false,
    -- what the target ran before, as the campaign's kind of work names it (a revision number for rollouts)
    previous      VARCHAR(64),
    batch         INTEGER,
    batches       INTEGER,
    observed      JSONB,
    message       TEXT,
    updated_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (campaign_id, cluster_id),
    CONSTRAINT wave_target_state_check CHECK (state IN
        ('PENDING', 'DISPATCHED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'SKIPPED'))
);
CREATE INDEX wave_target_pending_idx ON wave_target (campaign_id, wave, position) WHERE state = 'PENDING';
CREATE INDEX wave_target_state_idx ON wave_target (campaign_id, state);
CREATE UNIQUE INDEX wave_target_name_idx ON wave_target (campaign_id, cluster_name);
CREATE INDEX wave_target_cluster_idx ON wave_target (cluster_id);

-- Events are numbered per campaign from this counter, written as the last statement of each transaction
-- (so its row lock is held only while committing): numbers are gapless and in commit order, and a reader
-- resuming after seq n misses none. It is apart from wave_campaign so status reports never wait for an engine pass.
CREATE TABLE wave_event_counter (
    campaign_id  BIGINT  PRIMARY KEY REFERENCES wave_campaign (id) ON DELETE CASCADE,
    last_seq     BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE wave_event (
    campaign_id   BIGINT       NOT NULL REFERENCES wave_campaign (id) ON DELETE CASCADE,
    seq           BIGINT       NOT NULL,
    at            TIMESTAMPTZ  NOT NULL,
    type          VARCHAR(40)  NOT NULL,
    cluster_name  VARCHAR(63),
    message       TEXT         NOT NULL,
    PRIMARY KEY (campaign_id, seq)
);

-- a rollout is a wave campaign of kind ROLLOUT plus what it rolls out
CREATE TABLE rollout (
    id                BIGINT       PRIMARY KEY REFERENCES wave_campaign (id) ON DELETE CASCADE,
    application_id    BIGINT       NOT NULL,
    revision          INTEGER      NOT NULL,
    cluster_strategy  JSONB        NOT NULL,
    spec              JSONB        NOT NULL,
    created_by        VARCHAR(63),
    FOREIGN KEY (application_id, revision) REFERENCES application_revision (application_id, revision)
);
CREATE INDEX rollout_application_idx ON rollout (application_id, id);

-- the desired state of one application on one cluster; it outlives the rollout that last wrote it
CREATE TABLE rollout_work (
    cluster_id           BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    application_id       BIGINT       NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    work_id              VARCHAR(200) NOT NULL,
    rollout_id           BIGINT       NOT NULL REFERENCES rollout (id),
    revision             INTEGER      NOT NULL,
    paused               BOOLEAN      NOT NULL DEFAULT false,
    rollback             BOOLEAN      NOT NULL DEFAULT false,
    generation           BIGINT       NOT NULL DEFAULT 1,
    reported_generation  BIGINT       NOT NULL DEFAULT -1,
    reported_seq         BIGINT       NOT NULL DEFAULT -1,
    phase                VARCHAR(24),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, application_id)
);
CREATE UNIQUE INDEX rollout_work_id_idx ON rollout_work (cluster_id, work_id);
CREATE INDEX rollout_work_rollout_idx ON rollout_work (rollout_id, cluster_id);
