-- The cluster inventory and the credentials of the portal API and of the agents.

CREATE TABLE cluster (
    id                    BIGSERIAL    PRIMARY KEY,
    name                  VARCHAR(63)  NOT NULL,
    tenant                VARCHAR(63)  NOT NULL,
    region                VARCHAR(63)  NOT NULL,
    zone                  VARCHAR(63)  NOT NULL,
    labels                JSONB        NOT NULL DEFAULT '{}'::jsonb,
    state                 VARCHAR(16)  NOT NULL DEFAULT 'REGISTERING',
    kubernetes_version    VARCHAR(64),
    kruise_version        VARCHAR(64),
    agent_version         VARCHAR(64),
    node_count            INTEGER,
    reported_zones        TEXT[]       NOT NULL DEFAULT '{}',
    kubelet_versions      TEXT[]       NOT NULL DEFAULT '{}',
    removed_apis_in_use   TEXT[]       NOT NULL DEFAULT '{}',
    -- credentials: only SHA-256 hashes are stored
    bootstrap_token_hash  CHAR(64),
    bootstrap_expires_at  TIMESTAMPTZ,
    agent_token_hash      CHAR(64),
    registered_at         TIMESTAMPTZ,
    last_heartbeat_at     TIMESTAMPTZ,
    -- grows with every change of the cluster's work; the agent long-polls on it
    work_generation       BIGINT       NOT NULL DEFAULT 0,
    work_changed_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    row_version           BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT cluster_name_unique UNIQUE (name),
    CONSTRAINT cluster_state_check CHECK (state IN ('REGISTERING', 'READY', 'NOT_READY', 'CORDONED'))
);

-- name ordering and cursor paging use the unique index; these serve the filters
CREATE INDEX cluster_tenant_name_idx ON cluster (tenant, name);
CREATE INDEX cluster_state_idx ON cluster (state);
CREATE INDEX cluster_region_idx ON cluster (region);
CREATE INDEX cluster_zone_idx ON cluster (zone);
CREATE INDEX cluster_kubernetes_version_idx ON cluster (kubernetes_version);
CREATE INDEX cluster_labels_idx ON cluster USING GIN (labels jsonb_path_ops);
CREATE UNIQUE INDEX cluster_bootstrap_token_idx ON cluster (bootstrap_token_hash) WHERE bootstrap_token_hash IS NOT NULL;
CREATE UNIQUE INDEX cluster_agent_token_idx ON cluster (agent_token_hash) WHERE agent_token_hash IS NOT NULL;
CREATE INDEX cluster_ready_heartbeat_idx ON cluster (last_heartbeat_at) WHERE state = 'READY';
CREATE INDEX cluster_work_changed_idx ON cluster (work_changed_at);

CREATE TABLE api_token (
    id          BIGSERIAL    PRIMARY KEY,
    name        VARCHAR(63)  NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    tenant      VARCHAR(63),
    token_hash  CHAR(64)     NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT api_token_name_unique UNIQUE (name),
    CONSTRAINT api_token_hash_unique UNIQUE (token_hash),
    CONSTRAINT api_token_role_check CHECK (role IN ('viewer', 'operator', 'admin'))
);
