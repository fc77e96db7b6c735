-- Who changed what through the portal API, the versions optimistic concurrency compares (ETag / If-Match), and the
-- stored first answers of idempotent requests (Idempotency-Key).

-- One row per mutating portal call, written in the transaction of the change (a refused or failed call: in its own).
CREATE TABLE audit_record (
    id               BIGSERIAL      PRIMARY KEY,
    at               TIMESTAMPTZ    NOT NULL DEFAULT now(),
    -- who acts: the API token's name, or oidc:<subject>; and the name a human reads
    actor            VARCHAR(255)   NOT NULL,
    actor_name       VARCHAR(255)   NOT NULL,
    -- the tenant of the resource when known (tenant-scoped admins read only their tenant's rows)
    tenant           VARCHAR(63),
    action           VARCHAR(128)   NOT NULL,
    resource_type    VARCHAR(64),
    resource_id      VARCHAR(255),
    method           VARCHAR(8)     NOT NULL,
    path             VARCHAR(2048)  NOT NULL,
    -- the body as the caller sent it, secrets redacted, capped in size
    request_summary  TEXT,
    status           SMALLINT       NOT NULL,
    problem_type     VARCHAR(255),
    -- the answer was the stored first answer of an Idempotency-Key
    replayed         BOOLEAN        NOT NULL DEFAULT false
);
-- newest first by id, under each filter of GET /api/v1/audit
CREATE INDEX audit_record_actor_idx ON audit_record (actor, id);
CREATE INDEX audit_record_resource_idx ON audit_record (resource_type, resource_id, id);
CREATE INDEX audit_record_action_idx ON audit_record (action, id);
CREATE INDEX audit_record_tenant_idx ON audit_record (tenant, id);
CREATE INDEX audit_record_at_idx ON audit_record (at);

-- The first answer to a POST with an Idempotency-Key, per caller and key, for 24 hours. The key itself is never
-- stored: key_hash is a SHA-256 of caller and key, and the answer's body is sealed (AES-GCM) with a key derived from
-- the Idempotency-Key, so the database alone cannot show a one-time secret (a bootstrap token) it holds.
CREATE TABLE idempotency_key (
    key_hash      CHAR(64)       PRIMARY KEY,
    caller        VARCHAR(255)   NOT NULL,
    request_hash  CHAR(64)       NOT NULL,
    status        SMALLINT,
    location      VARCHAR(2048),
    etag          VARCHAR(128),
    content_type  VARCHAR(255),
    sealed_body   BYTEA,
    created_at    TIMESTAMPTZ    NOT NULL DEFAULT now(),
    expires_at    TIMESTAMPTZ    NOT NULL
);
CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);

-- Row versions for ETag / If-Match where there was none (the cluster has had row_version since V1).
ALTER TABLE application ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE maintenance_window ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE control_plane ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
