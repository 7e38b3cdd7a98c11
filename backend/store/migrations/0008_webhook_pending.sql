-- Webhook deliveries waiting to be sent, one row per event and endpoint. The webhook consumer
-- writes them in the transaction that marks the event processed; the delivery worker sends them
-- outside any transaction and deletes a row once its endpoint answered 2xx (webhook_deliveries
-- then remembers it). A row whose attempts ran out is FAILED until the event's other deliveries
-- are settled; then the event is dead-lettered and its FAILED rows are removed.
CREATE TABLE IF NOT EXISTS webhook_pending (
    endpoint_id      VARCHAR(40)   NOT NULL,
    event_id         VARCHAR(64)   NOT NULL,
    event_type       VARCHAR(64)   NOT NULL,
    body             MEDIUMTEXT    NOT NULL,  -- the event envelope as consumed: what is signed and sent
    source_topic     VARCHAR(64)   NOT NULL,
    source_partition INT           NOT NULL,
    source_offset    BIGINT        NOT NULL,
    message_key      VARCHAR(128)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,  -- PENDING, FAILED
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)   NOT NULL,
    first_failure_at DATETIME(6)   NULL,
    failed_at        DATETIME(6)   NULL,
    last_error_class VARCHAR(64)   NULL,
    last_error       VARCHAR(1024) NULL,
    created_at       DATETIME(6)   NOT NULL,
    PRIMARY KEY (endpoint_id, event_id),
    KEY ix_webhook_pending_due (endpoint_id, state, next_attempt_at),
    KEY ix_webhook_pending_event (event_id),
    KEY ix_webhook_pending_failed (state, failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
