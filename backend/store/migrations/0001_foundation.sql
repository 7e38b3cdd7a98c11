-- Foundation: leases that let exactly one paydeskd instance run a scheduled job at a time.
CREATE TABLE IF NOT EXISTS leases (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(128) NOT NULL,
    acquired_at DATETIME(6)  NOT NULL,
    expires_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Instances that started against this database, for operators and for lease holder names.
CREATE TABLE IF NOT EXISTS instances (
    instance_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    host        VARCHAR(255) NOT NULL,
    pid         INT          NOT NULL,
    version     VARCHAR(32)  NOT NULL,
    started_at  DATETIME(6)  NOT NULL,
    last_seen   DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
