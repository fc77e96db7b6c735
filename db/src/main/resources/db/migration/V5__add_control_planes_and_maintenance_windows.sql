-- Kube-on-Kube: hosted tenant control planes, maintenance windows and Kubernetes version upgrades.

-- A tenant cluster's control plane running as Kruise workloads in a namespace of a host cluster.
-- The host reference is cleared (not cascaded) when the host is deleted, so deleting a host never
-- silently drops the tenants' records; upgrade preflight then refuses with "host not registered".
CREATE TABLE control_plane (
    cluster_id       BIGINT       PRIMARY KEY REFERENCES cluster (id) ON DELETE CASCADE,
    host_cluster_id  BIGINT       REFERENCES cluster (id) ON DELETE SET NULL,
    namespace        VARCHAR(63)  NOT NULL,
    version          VARCHAR(16)  NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT control_plane_not_self CHECK (host_cluster_id IS NULL OR host_cluster_id <> cluster_id),
    CONSTRAINT control_plane_host_namespace_unique UNIQUE (host_cluster_id, namespace)
);
CREATE INDEX control_plane_host_idx ON control_plane (host_cluster_id);

-- When a cluster may be disrupted: weekly occurrences starting at a local time in a time zone.
CREATE TABLE maintenance_window (
    cluster_id        BIGINT       PRIMARY KEY REFERENCES cluster (id) ON DELETE CASCADE,
    days              TEXT[]       NOT NULL,
    start_time        TIME         NOT NULL,
    duration_seconds  INTEGER      NOT NULL,
    time_zone         VARCHAR(64)  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT maintenance_window_days_check CHECK (cardinality(days) BETWEEN 1 AND 7
        AND days <@ ARRAY['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']),
    CONSTRAINT maintenance_window_duration_check CHECK (duration_seconds > 0 AND duration_seconds <= 604800)
);

-- A Kubernetes version upgrade of one cluster's control plane: the plan as decided at request time.
CREATE TABLE cluster_upgrade (
    id            BIGSERIAL    PRIMARY KEY,
    cluster_id    BIGINT       NOT NULL REFERENCES cluster (id) ON DELETE CASCADE,
    from_version  VARCHAR(16)  NOT NULL,
    to_version    VARCHAR(16)  NOT NULL,
    state         VARCHAR(16)  NOT NULL DEFAULT 'PENDING',
    forced        BOOLEAN      NOT NULL DEFAULT false,
    requested_by  VARCHAR(63),
    hops          JSONB        NOT NULL,
    preflight     JSONB        NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    row_version   BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT cluster_upgrade_state_check
        CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
);
-- at most one upgrade in flight per cluster, even under concurrent requests
CREATE UNIQUE INDEX cluster_upgrade_in_flight_idx ON cluster_upgrade (cluster_id)
    WHERE state IN ('PENDING', 'RUNNING');
CREATE INDEX cluster_upgrade_cluster_idx ON cluster_upgrade (cluster_id, id DESC);
CREATE INDEX cluster_upgrade_active_idx ON cluster_upgrade (state) WHERE state IN ('PENDING', 'RUNNING');
