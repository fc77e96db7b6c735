-- The bootstrap token a cluster's current agent token was registered with. A registration retried with the same
-- bootstrap token and the same proposed agent token (its first answer was lost) is answered again for a short while.
ALTER TABLE cluster ADD COLUMN registered_bootstrap_hash CHAR(64);
CREATE UNIQUE INDEX cluster_registered_bootstrap_idx ON cluster (registered_bootstrap_hash)
    WHERE registered_bootstrap_hash IS NOT NULL;
