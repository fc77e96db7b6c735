-- Webhooks: subscriptions to campaign events, and their outbox. A trigger on wave_event writes one delivery row
-- per (campaign-wide event, matching enabled hook) in the transaction that writes the event, so an event committed
-- is an event queued for every hook that matched it then (hooks created later never see older events), and no
-- restart loses one. Deliverers on every replica claim due rows with FOR UPDATE SKIP LOCKED, one in flight per hook.

CREATE TABLE webhook (
    id           BIGSERIAL     PRIMARY KEY,
    name         VARCHAR(63)   NOT NULL,
    url          VARCHAR(2048) NOT NULL,
    -- the HMAC key; kept as given because signing needs it, never answered by the API
    secret       VARCHAR(256)  NOT NULL,
    format       VARCHAR(16)   NOT NULL DEFAULT 'flotilla',
    -- filters: an empty array matches everything
    event_types  TEXT[]        NOT NULL DEFAULT '{}',
    kinds        TEXT[]        NOT NULL DEFAULT '{}',
    subjects     TEXT[]        NOT NULL DEFAULT '{}',
    tenants      TEXT[]        NOT NULL DEFAULT '{}',
    enabled      BOOLEAN       NOT NULL DEFAULT true,
    -- the tenant of the admin who made it (null: a fleet-wide admin); such a hook only sees that tenant's campaigns
    owner_tenant VARCHAR(63),
    created_by   VARCHAR(63),
    created_at   TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL,
    CONSTRAINT webhook_name_unique UNIQUE (name),
    CONSTRAINT webhook_format_check CHECK (format IN ('flotilla', 'slack'))
);
CREATE INDEX webhook_owner_idx ON webhook (owner_tenant, id);

CREATE TABLE webhook_delivery (
    id               BIGSERIAL     PRIMARY KEY,
    webhook_id       BIGINT        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    -- the event as it was written: deliveries outlive changes to the campaign
    campaign_id      BIGINT        NOT NULL,
    seq              BIGINT        NOT NULL,
    kind             VARCHAR(32)   NOT NULL,
    subject          VARCHAR(200)  NOT NULL,
    tenant           VARCHAR(63),
    type             VARCHAR(40)   NOT NULL,
    message          TEXT          NOT NULL,
    at               TIMESTAMPTZ   NOT NULL,
    state            VARCHAR(16)   NOT NULL DEFAULT 'PENDING',
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- a claimed delivery is being sent until then; the claim fences the result of a sender whose lease ran out
    lease_until      TIMESTAMPTZ,
    claim            UUID,
    last_attempt_at  TIMESTAMPTZ,
    last_status      INTEGER,
    last_error       VARCHAR(500),
    delivered_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT webhook_delivery_state_check CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT webhook_delivery_event_unique UNIQUE (webhook_id, campaign_id, seq)
);
-- each hook's line: only its oldest pending delivery may be sent (the deliverers probe it hook by hook)
CREATE INDEX webhook_delivery_line_idx ON webhook_delivery (webhook_id, id) WHERE state = 'PENDING';
-- the delivery log, newest first
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, id);
-- the retention sweep
CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (created_at) WHERE state <> 'PENDING';

-- The event types a hook may subscribe to: the campaign-wide ones (dev.flotilla.meta.notify.WebhookEventTypes).
CREATE FUNCTION webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.type <> ALL (ARRAY['CREATED', 'WAVE_STARTED', 'WAVE_COMPLETED', 'SOAK_STARTED', 'WAITING_APPROVAL',
            'RUNNING', 'PAUSED', 'ABORTED', 'ROLLING_BACK', 'ROLLED_BACK', 'SUCCEEDED', 'FAILED', 'BUDGET_SPENT',
            'ANALYSIS_PASSED', 'ANALYSIS_FAILED', 'ANALYSIS_INCONCLUSIVE']) THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook_delivery (webhook_id, campaign_id, seq, kind, subject, tenant, type, message, at)
    SELECT w.id, c.id, NEW.seq, c.kind, c.subject, c.tenant, NEW.type, NEW.message, NEW.at
    FROM wave_campaign c
    JOIN webhook w ON w.enabled
        AND (cardinality(w.event_types) = 0 OR NEW.type = ANY (w.event_types))
        AND (cardinality(w.kinds) = 0 OR c.kind = ANY (w.kinds))
        AND (cardinality(w.subjects) = 0 OR c.subject = ANY (w.subjects))
        AND (cardinality(w.tenants) = 0 OR c.tenant = ANY (w.tenants))
        AND (w.owner_tenant IS NULL OR c.tenant = w.owner_tenant)
    WHERE c.id = NEW.campaign_id
    ORDER BY w.id;
    RETURN NULL;
END
$$;

-- only campaign-wide events (no cluster) can notify, so a target's events never run the function
CREATE TRIGGER wave_event_webhooks AFTER INSERT ON wave_event
    FOR EACH ROW WHEN (NEW.cluster_name IS NULL) EXECUTE FUNCTION webhook_outbox();
