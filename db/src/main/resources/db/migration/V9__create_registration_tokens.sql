-- Reusable registration tokens: an agent started with one and a cluster name adds its own cluster to the inventory.
-- Only the SHA-256 hash of the secret is stored. A use is counted by one conditional UPDATE
-- (uses < max_uses, not revoked, not expired), so concurrent registrations never exceed max_uses.
CREATE TABLE registration_token (
    id            BIGSERIAL    PRIMARY KEY,
    name          VARCHAR(63)  NOT NULL,
    tenant        VARCHAR(63)  NOT NULL,
    token_hash    CHAR(64)     NOT NULL,
    labels        JSONB        NOT NULL DEFAULT '{}'::jsonb,
    region        VARCHAR(63),
    zone          VARCHAR(63),
    max_uses      INTEGER      NOT NULL,
    uses          INTEGER      NOT NULL DEFAULT 0,
    expires_at    TIMESTAMPTZ  NOT NULL,
    revoked_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    last_cluster  VARCHAR(63),
    created_by    VARCHAR(63)  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT registration_token_name_unique UNIQUE (name),
    CONSTRAINT registration_token_hash_unique UNIQUE (token_hash),
    CONSTRAINT registration_token_max_uses_check CHECK (max_uses > 0),
    CONSTRAINT registration_token_uses_check CHECK (uses >= 0 AND uses <= max_uses)
);

-- the registration token a cluster registered itself with (null for clusters added through the API); a retried
-- self-registration whose answer was lost is recognised by it
ALTER TABLE cluster ADD COLUMN registration_token_id BIGINT
    REFERENCES registration_token (id) ON DELETE SET NULL;
