-- API tokens expire, rotate and show when they were last used.
--   expires_at: NULL never expires (the admin bootstrap token, tokens issued before this migration)
--   previous_token_hash / previous_valid_until: the secret replaced by the last rotation, which keeps working
--     until previous_valid_until (the rotation grace) so callers can switch without a gap
--   last_used_at: written in batches (at most once a minute per token and replica), never per request
ALTER TABLE api_token
    ADD COLUMN expires_at           TIMESTAMPTZ,
    ADD COLUMN previous_token_hash  CHAR(64),
    ADD COLUMN previous_valid_until TIMESTAMPTZ,
    ADD COLUMN rotated_at           TIMESTAMPTZ,
    ADD COLUMN last_used_at         TIMESTAMPTZ;

CREATE UNIQUE INDEX api_token_previous_hash_idx ON api_token (previous_token_hash)
    WHERE previous_token_hash IS NOT NULL;
