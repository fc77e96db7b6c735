-- The analysis a campaign runs on each of its waves (null: none), as the request gave it.
ALTER TABLE wave_campaign ADD COLUMN analysis JSONB;

-- One analysis per campaign wave: the rounds measured so far and what they decided. The runner claims a due run by
-- moving next_at forward (any replica; a claim lost with its replica is simply measured again next interval).
CREATE TABLE analysis_run (
    campaign_id     BIGINT       NOT NULL REFERENCES wave_campaign (id) ON DELETE CASCADE,
    wave            INTEGER      NOT NULL,
    verdict         VARCHAR(16)  NOT NULL DEFAULT 'RUNNING',
    rounds          INTEGER      NOT NULL DEFAULT 0,
    -- the run passes when rounds reaches this (count rounds after its start, or after a restart by resume)
    pass_at_round   INTEGER      NOT NULL,
    failures        INTEGER      NOT NULL DEFAULT 0,
    inconclusive    INTEGER      NOT NULL DEFAULT 0,
    -- the last round the campaign's events tell of
    announced_round INTEGER      NOT NULL DEFAULT 0,
    next_at         TIMESTAMPTZ  NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    message         TEXT,
    PRIMARY KEY (campaign_id, wave),
    CONSTRAINT analysis_run_verdict_check CHECK (verdict IN ('RUNNING', 'PASSED', 'FAILED', 'INCONCLUSIVE'))
);
CREATE INDEX analysis_run_due_idx ON analysis_run (next_at) WHERE verdict = 'RUNNING';

-- Every measurement: one per metric and round (and per cluster for CLUSTER-scoped metrics).
CREATE TABLE analysis_measurement (
    campaign_id   BIGINT            NOT NULL,
    wave          INTEGER           NOT NULL,
    round         INTEGER           NOT NULL,
    metric        VARCHAR(63)       NOT NULL,
    cluster_name  VARCHAR(63),
    at            TIMESTAMPTZ       NOT NULL,
    value         DOUBLE PRECISION,
    verdict       VARCHAR(16)       NOT NULL,
    message       TEXT              NOT NULL,
    FOREIGN KEY (campaign_id, wave) REFERENCES analysis_run (campaign_id, wave) ON DELETE CASCADE,
    CONSTRAINT analysis_measurement_verdict_check CHECK (verdict IN ('SUCCESSFUL', 'FAILED', 'INCONCLUSIVE'))
);
CREATE INDEX analysis_measurement_run_idx ON analysis_measurement (campaign_id, wave, round);
