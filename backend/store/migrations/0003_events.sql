-- Events: consumer deduplication, dead letters, merchant webhooks, operator audit trail.

-- A consumer's effect and this row commit together: an event id seen here is never applied again.
CREATE TABLE IF NOT EXISTS processed_events (
    consumer     VARCHAR(64)  NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    processed_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (consumer, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_letter_id     VARCHAR(40)  NOT NULL PRIMARY KEY,
    event_id           VARCHAR(64)  NOT NULL,
    event_type         VARCHAR(64)  NOT NULL,
    original_topic     VARCHAR(64)  NOT NULL,
    original_partition INT          NOT NULL,
    original_offset    BIGINT       NOT NULL,
    message_key        VARCHAR(128) NOT NULL,
    consumer_group     VARCHAR(64)  NOT NULL,
    error_class        VARCHAR(64)  NOT NULL,
    error_message      VARCHAR(1024) NOT NULL,
    attempts           INT          NOT NULL,
    first_failure_at   DATETIME(6)  NOT NULL,
    dead_lettered_at   DATETIME(6)  NOT NULL,
    payload            MEDIUMTEXT   NOT NULL,
    status             VARCHAR(16)  NOT NULL,  -- OPEN, REPLAYED, DISCARDED
    status_reason      VARCHAR(512) NULL,
    updated_at         DATETIME(6)  NOT NULL,
    replay_count       INT          NOT NULL DEFAULT 0,
    KEY ix_dead_letters_status (status, dead_lettered_at),
    KEY ix_dead_letters_topic (original_topic, event_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS webhook_endpoints (
    endpoint_id  VARCHAR(40)   NOT NULL PRIMARY KEY,
    merchant_id  VARCHAR(64)   NOT NULL,
    url          VARCHAR(2048) NOT NULL,
    event_types  VARCHAR(1024) NOT NULL,  -- comma-separated, or '*'
    secret       VARCHAR(128)  NOT NULL,
    active       TINYINT       NOT NULL DEFAULT 1,
    created_at   DATETIME(6)   NOT NULL,
    KEY ix_webhooks_merchant (merchant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS webhook_deliveries (
    endpoint_id  VARCHAR(40)  NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    attempts     INT          NOT NULL,
    http_status  INT          NOT NULL,
    delivered_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (endpoint_id, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS audit_log (
    audit_id    BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at          DATETIME(6)  NOT NULL,
    actor       VARCHAR(128) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    target_type VARCHAR(32)  NOT NULL,
    target_id   VARCHAR(64)  NOT NULL,
    before_json MEDIUMTEXT   NULL,
    after_json  MEDIUMTEXT   NULL,
    note        VARCHAR(1024) NULL,
    correlation_id VARCHAR(64) NOT NULL,
    KEY ix_audit_target (target_type, target_id),
    KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
