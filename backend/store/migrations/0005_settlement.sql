-- Settlement: business-day batches per merchant and currency, the payments and refunds each batch
-- covers, per-merchant overrides of the business day and the fee schedule, and the scheduler's
-- record of which days it closed. Money is BIGINT minor units. See docs/SETTLEMENT.md.

-- When a payment was captured. updated_at is not it: refunds move updated_at on.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS captured_at DATETIME(6) NULL;

-- Payments captured before this column existed: the CAPTURE journal entry carries the exact time.
UPDATE payments p JOIN journal_entries e ON e.payment_id = p.payment_id AND e.kind = 'CAPTURE'
SET p.captured_at = e.created_at
WHERE p.captured_at IS NULL;

-- Closing a day reads one time window across merchants: window first, and covering (merchant,
-- currency, amount), so the set-based close never touches the payment rows themselves.
CREATE INDEX IF NOT EXISTS ix_payments_captured ON payments (captured_at, merchant_id, currency, captured_amount);
CREATE INDEX IF NOT EXISTS ix_refunds_created ON refunds (created_at, merchant_id, currency, amount, payment_id);

-- Per-merchant overrides; a NULL column (or no row) means the server's default
-- (--settlement-time-zone, --settlement-cutoff, --fee-bps, --fee-fixed). fee_fixed is per capture,
-- in the minor unit of the capture's currency.
CREATE TABLE IF NOT EXISTS settlement_settings (
    merchant_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    time_zone      VARCHAR(64)  NULL,
    cutoff_minutes SMALLINT     NULL,
    fee_bps        INT          NULL,
    fee_fixed      BIGINT       NULL,
    updated_at     DATETIME(6)  NOT NULL,
    CONSTRAINT ck_settlement_cutoff CHECK (cutoff_minutes IS NULL OR cutoff_minutes BETWEEN 0 AND 1439),
    CONSTRAINT ck_settlement_bps CHECK (fee_bps IS NULL OR fee_bps BETWEEN 0 AND 10000),
    CONSTRAINT ck_settlement_fixed CHECK (fee_fixed IS NULL OR fee_fixed >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One batch per merchant, business day and currency (the unique key makes closing idempotent).
-- States: OPEN -> CLOSED -> APPROVED -> PAID; CLOSED -> REJECTED -> OPEN (reopened) -> CLOSED.
-- net_amount = capture_amount - refund_amount - fee_amount + carry_in (carry_in <= 0);
-- payout_amount = max(net, 0); carry_out = min(net, 0), handed to a later batch once approved.
CREATE TABLE IF NOT EXISTS settlement_batches (
    batch_id       VARCHAR(40)   NOT NULL PRIMARY KEY,
    merchant_id    VARCHAR(64)   NOT NULL,
    business_day   DATE          NOT NULL,
    currency       CHAR(3)       NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    time_zone      VARCHAR(64)   NOT NULL,
    cutoff_minutes SMALLINT      NOT NULL,
    window_start   DATETIME(6)   NOT NULL,
    window_end     DATETIME(6)   NOT NULL,
    capture_count  BIGINT        NOT NULL DEFAULT 0,
    capture_amount BIGINT        NOT NULL DEFAULT 0,
    refund_count   BIGINT        NOT NULL DEFAULT 0,
    refund_amount  BIGINT        NOT NULL DEFAULT 0,
    fee_amount     BIGINT        NOT NULL DEFAULT 0,
    fee_bps        INT           NOT NULL DEFAULT 0,
    fee_fixed      BIGINT        NOT NULL DEFAULT 0,
    carry_in       BIGINT        NOT NULL DEFAULT 0,
    net_amount     BIGINT        NOT NULL DEFAULT 0,
    payout_amount  BIGINT        NOT NULL DEFAULT 0,
    carry_out      BIGINT        NOT NULL DEFAULT 0,
    -- Until when items of this batch's window may still arrive (it was closed before its day was
    -- over plus the grace period); such late items go into the merchant's next batch.
    late_until     DATETIME(6)   NULL,
    closed_by      VARCHAR(128)  NULL,
    closed_at      DATETIME(6)   NULL,
    approved_by    VARCHAR(128)  NULL,
    approved_at    DATETIME(6)   NULL,
    rejected_by    VARCHAR(128)  NULL,
    rejected_at    DATETIME(6)   NULL,
    reject_reason  VARCHAR(512)  NULL,
    reopened_by    VARCHAR(128)  NULL,
    reopened_at    DATETIME(6)   NULL,
    reopen_count   INT           NOT NULL DEFAULT 0,
    paid_by        VARCHAR(128)  NULL,
    paid_at        DATETIME(6)   NULL,
    bank_reference VARCHAR(128)  NULL,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    version        INT           NOT NULL DEFAULT 1,
    UNIQUE KEY uq_settlement_batches_day (merchant_id, business_day, currency),
    KEY ix_settlement_batches_day (business_day, state),
    KEY ix_settlement_batches_state (state, business_day),
    KEY ix_settlement_batches_late (late_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- What a batch covers: captures (source = payment id), refunds (source = refund id) and a carried
-- negative balance (source = the batch it came from). amount is the signed effect on the net
-- (capture +, refund -, carry -); fee is what the line adds to the batch's fees. The unique source
-- puts every capture, refund and carry in exactly one batch.
CREATE TABLE IF NOT EXISTS settlement_lines (
    batch_id    VARCHAR(40)  NOT NULL,
    source_id   VARCHAR(40)  NOT NULL,
    source_type VARCHAR(8)   NOT NULL,
    payment_id  VARCHAR(40)  NULL,
    amount      BIGINT       NOT NULL,
    fee         BIGINT       NOT NULL DEFAULT 0,
    occurred_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (batch_id, source_id),
    UNIQUE KEY uq_settlement_lines_source (source_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Days the scheduler has closed, per calendar (time zone and cut-off): it closes each at most once.
CREATE TABLE IF NOT EXISTS settlement_runs (
    time_zone      VARCHAR(64)   NOT NULL,
    cutoff_minutes SMALLINT      NOT NULL,
    business_day   DATE          NOT NULL,
    batches        INT           NOT NULL,
    closed_at      DATETIME(6)   NOT NULL,
    instance_id    VARCHAR(128)  NOT NULL,
    PRIMARY KEY (time_zone, cutoff_minutes, business_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row every close locks first: closes (scheduled or on demand, on any instance) run one at a
-- time, so two of them never fight over the same items.
CREATE TABLE IF NOT EXISTS settlement_close_lock (
    id TINYINT NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO settlement_close_lock (id) VALUES (1);
