-- Reconciliation: uploaded bank statement files (their exact bytes, hash and what was read from
-- them), one row per bank line and per expected item the bank did not show, what matched what, and
-- the bank profiles operators define. Money is BIGINT minor units. See docs/RECONCILIATION.md.

-- Operator-defined bank profiles (the built-in ones live in code). definition is the profile JSON.
CREATE TABLE IF NOT EXISTS recon_profiles (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    definition  MEDIUMTEXT   NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    updated_by  VARCHAR(128) NOT NULL,
    updated_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One imported file. file_seq numbers the file's lines: line_id = (file_seq << 24) | n, so a file's
-- lines are one primary-key range. The sha256 of the bytes refuses the same file twice. The counts
-- are what the import found; the lines carry the current state after review.
CREATE TABLE IF NOT EXISTS recon_files (
    file_seq         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    file_id          VARCHAR(40)   NOT NULL,
    sha256           CHAR(64)      NOT NULL,
    file_name        VARCHAR(255)  NOT NULL,
    content_type     VARCHAR(128)  NOT NULL,
    size_bytes       BIGINT        NOT NULL,
    profile          VARCHAR(64)   NOT NULL,
    encoding         VARCHAR(16)   NOT NULL,
    currency         CHAR(3)       NOT NULL,
    merchant_id      VARCHAR(64)   NULL,
    uploaded_by      VARCHAR(128)  NOT NULL,
    uploaded_via     VARCHAR(16)   NOT NULL,
    header_line      INT           NOT NULL,
    statement_from   DATE          NULL,
    statement_to     DATE          NULL,
    total_rows       INT           NOT NULL,
    error_rows       INT           NOT NULL,
    matched          INT           NOT NULL,
    amount_mismatch  INT           NOT NULL,
    unmatched_bank   INT           NOT NULL,
    unmatched_system INT           NOT NULL,
    duplicates       INT           NOT NULL,
    awaiting         INT           NOT NULL,
    proposals        INT           NOT NULL,
    settings         MEDIUMTEXT    NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uq_recon_files_id (file_id),
    UNIQUE KEY uq_recon_files_sha256 (sha256),
    KEY ix_recon_files_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The file's bytes, exactly as uploaded, in 1 MiB pieces (far below any max_allowed_packet).
CREATE TABLE IF NOT EXISTS recon_file_chunks (
    file_seq  BIGINT      NOT NULL,
    chunk_no  INT         NOT NULL,
    bytes     MEDIUMBLOB  NOT NULL,
    PRIMARY KEY (file_seq, chunk_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Rows that could not be read: the physical line where the row starts, and why.
CREATE TABLE IF NOT EXISTS recon_file_errors (
    file_seq  BIGINT        NOT NULL,
    line_no   INT           NOT NULL,
    reason    VARCHAR(512)  NOT NULL,
    PRIMARY KEY (file_seq, line_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- side BANK: a line of the file. side SYSTEM: an expected item (item_type, item_id) the file did not
-- show (UNMATCHED_SYSTEM or AWAITING), or one later matched by hand.
-- outcome: MATCHED, AMOUNT_MISMATCH, UNMATCHED_BANK, UNMATCHED_SYSTEM, DUPLICATE, AWAITING.
-- match_type: NONE, REFERENCE, BATCH, AMOUNT_DATE, MANUAL, SUBSET, SUGGESTION, COUNTERPART.
-- status: AUTO (matched automatically, not reviewed), OPEN (in the exceptions queue), APPROVED,
-- MANUAL (matched by an operator), RESOLVED (closed with a note).
-- matched_ids: the items a BANK line is matched to (comma-separated), or the BANK line a SYSTEM line
-- is matched by. prior_state: the line as it was before an operator matched it (unmatch restores it).
CREATE TABLE IF NOT EXISTS recon_lines (
    line_id         BIGINT        NOT NULL PRIMARY KEY,
    file_seq        BIGINT        NOT NULL,
    side            VARCHAR(6)    NOT NULL,
    line_no         INT           NULL,
    value_date      DATE          NOT NULL,
    value_time      TIME          NULL,
    amount          BIGINT        NOT NULL,
    balance         BIGINT        NULL,
    currency        CHAR(3)       NOT NULL,
    memo            VARCHAR(512)  NULL,
    reference       VARCHAR(128)  NULL,
    branch          VARCHAR(64)   NULL,
    item_type       VARCHAR(8)    NULL,
    item_id         VARCHAR(64)   NULL,
    merchant_id     VARCHAR(64)   NULL,
    outcome         VARCHAR(20)   NOT NULL,
    match_type      VARCHAR(16)   NOT NULL,
    status          VARCHAR(12)   NOT NULL,
    score           TINYINT UNSIGNED NOT NULL DEFAULT 0,
    matched_ids     TEXT          NULL,
    matched_amount  BIGINT        NULL,
    reasons         MEDIUMTEXT    NULL,
    proposal        TEXT          NULL,
    prior_state     MEDIUMTEXT    NULL,
    note            VARCHAR(1024) NULL,
    reviewed_by     VARCHAR(128)  NULL,
    reviewed_at     DATETIME(6)   NULL,
    updated_at      DATETIME(6)   NOT NULL,
    KEY ix_recon_lines_status (status, line_id),
    KEY ix_recon_lines_item (item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every item (payment or settlement batch) matched by a bank line, once: the primary key is what
-- stops two lines, or two imports, from claiming the same payment.
CREATE TABLE IF NOT EXISTS recon_matches (
    item_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    item_type   VARCHAR(8)   NOT NULL,
    line_id     BIGINT       NOT NULL,
    amount      BIGINT       NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    KEY ix_recon_matches_line (line_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
