-- Payments core: merchants, payments, refunds, idempotency records, the double-entry journal and
-- the transactional outbox. Money is BIGINT minor units everywhere.

CREATE TABLE IF NOT EXISTS merchants (
    merchant_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    created_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS payments (
    payment_id       VARCHAR(40)  NOT NULL PRIMARY KEY,
    merchant_id      VARCHAR(64)  NOT NULL,
    idempotency_key  VARCHAR(255) NOT NULL,
    status           VARCHAR(24)  NOT NULL,
    amount           BIGINT       NOT NULL,
    currency         CHAR(3)      NOT NULL,
    captured_amount  BIGINT       NOT NULL DEFAULT 0,
    refunded_amount  BIGINT       NOT NULL DEFAULT 0,
    card_bin         CHAR(6)      NULL,
    card_last4       CHAR(4)      NULL,
    acquirer_txn_id  VARCHAR(64)  NULL,
    decline_code     VARCHAR(40)  NULL,
    message          VARCHAR(255) NOT NULL,
    requested_at     DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    expires_at       DATETIME(6)  NULL,
    UNIQUE KEY uq_payments_idempotency (merchant_id, idempotency_key),
    KEY ix_payments_expiry (status, expires_at),
    KEY ix_payments_merchant_time (merchant_id, requested_at),
    KEY ix_payments_acquirer_txn (acquirer_txn_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS refunds (
    refund_id   VARCHAR(40)  NOT NULL PRIMARY KEY,
    payment_id  VARCHAR(40)  NOT NULL,
    merchant_id VARCHAR(64)  NOT NULL,
    amount      BIGINT       NOT NULL,
    currency    CHAR(3)      NOT NULL,
    reason      VARCHAR(255) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    KEY ix_refunds_payment (payment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The stored answer of every idempotent request, written in the same transaction as its effect.
-- scope is the operation ("authorize", "capture:<paymentId>", ...).
CREATE TABLE IF NOT EXISTS idempotency_records (
    merchant_id   VARCHAR(64)  NOT NULL,
    scope         VARCHAR(80)  NOT NULL,
    idem_key      VARCHAR(255) NOT NULL,
    request_hash  CHAR(64)     NOT NULL,
    http_status   SMALLINT     NOT NULL,
    response_body MEDIUMTEXT   NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (merchant_id, scope, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Double-entry journal. Entries are append-only and chained: hash = SHA-256(prev_hash || content).
CREATE TABLE IF NOT EXISTS journal_entries (
    entry_id    BIGINT       NOT NULL PRIMARY KEY,
    kind        VARCHAR(24)  NOT NULL,
    payment_id  VARCHAR(40)  NULL,
    reference   VARCHAR(64)  NOT NULL,
    currency    CHAR(3)      NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    prev_hash   CHAR(64)     NOT NULL,
    hash        CHAR(64)     NOT NULL,
    KEY ix_journal_payment (payment_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS journal_lines (
    entry_id BIGINT      NOT NULL,
    line_no  SMALLINT    NOT NULL,
    account  VARCHAR(128) NOT NULL,
    debit    BIGINT      NOT NULL DEFAULT 0,
    credit   BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (entry_id, line_no),
    KEY ix_lines_account (account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row: the head of the journal chain. Writers lock it to append, which orders the chain.
CREATE TABLE IF NOT EXISTS journal_head (
    id         TINYINT     NOT NULL PRIMARY KEY,
    last_entry BIGINT      NOT NULL,
    last_hash  CHAR(64)    NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO journal_head (id, last_entry, last_hash) VALUES (1, 0, REPEAT('0', 64));

-- Transactional outbox: events commit with the state change; a relay publishes them to Kafka.
CREATE TABLE IF NOT EXISTS outbox (
    seq            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id       VARCHAR(40)  NOT NULL,
    topic          VARCHAR(64)  NOT NULL,
    event_type     VARCHAR(64)  NOT NULL,
    aggregate_type VARCHAR(32)  NOT NULL,
    aggregate_id   VARCHAR(64)  NOT NULL,
    correlation_id VARCHAR(64)  NOT NULL,
    payload        MEDIUMTEXT   NOT NULL,
    occurred_at    DATETIME(6)  NOT NULL,
    published_at   DATETIME(6)  NULL,
    UNIQUE KEY uq_outbox_event (event_id),
    KEY ix_outbox_unpublished (published_at, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
