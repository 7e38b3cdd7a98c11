#!/usr/bin/env bash
# Reproduces the numbers in BENCHMARKS.md: starts a private paydeskd (embedded MariaDB, Redis and
# Kafka in a temporary folder), measures the trivial-endpoint ceiling, authorize and flow rates with
# paybench, and the raw MariaDB single-row insert rate on the same embedded server, then stops it.
#
#   app/paybench/run-benchmarks.sh [BUILD_DIR] [OUT_DIR]
#
# BUILD_DIR defaults to build/release (needs app/paydeskd/paydeskd and app/paybench/paybench);
# OUT_DIR (default bench-results/<UTC time>) receives one .txt and one .json per run, machine.txt
# and raw-insert.txt. Environment: PORT (18480), DURATION (20), WARMUP (5), HEALTH_RATES,
# AUTHORIZE_RATES, FLOW_RATES, INSERT_CLIENTS (space-separated lists; empty skips that part), PAYBENCH_ARGS (added to
# every paybench run, e.g. "--connections 256"), KEEP_DATA=1 to keep the data folder.
set -euo pipefail

BUILD=${1:-build/release}
OUT=${2:-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
PORT=${PORT:-18480}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
HEALTH_RATES=${HEALTH_RATES-"5000 10000 20000 40000"}
AUTHORIZE_RATES=${AUTHORIZE_RATES-"1000 2000 5000"}
FLOW_RATES=${FLOW_RATES-"500 1000"}
INSERT_CLIENTS=${INSERT_CLIENTS-"1 4 16 64"}
PAYDESKD=$BUILD/app/paydeskd/paydeskd
PAYBENCH=$BUILD/app/paybench/paybench
URL=http://127.0.0.1:$PORT

for b in "$PAYDESKD" "$PAYBENCH"; do
    [[ -x $b ]] || { echo "missing $b: build it first (see BENCHMARKS.md)" >&2; exit 2; }
done
mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/paybench-data.XXXXXX)

# The server's own rate limit (per merchant) must sit above every rate tried here.
"$PAYDESKD" --data-dir "$DATA" --listen "127.0.0.1:$PORT" --rate-limit 1000000 --rate-burst 2000000 --log-level warn \
    >"$OUT/paydeskd.log" 2>&1 &
SERVER=$!
cleanup() {
    if kill "$SERVER" 2>/dev/null; then wait "$SERVER" 2>/dev/null || true; fi
    [[ ${KEEP_DATA:-0} == 1 ]] || rm -rf "$DATA"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
    curl -fs "$URL/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { echo "paydeskd exited; see $OUT/paydeskd.log" >&2; exit 1; }
    sleep 0.5
done
curl -fs "$URL/health/ready" >/dev/null || { echo "paydeskd not ready after 120 s" >&2; exit 1; }

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "nproc: $(nproc)"
    free -g
    lscpu | head -20
    echo "uptime: $(uptime)"
} >"$OUT/machine.txt"

run() {  # name, paybench arguments...
    local name=$1
    shift
    echo "== $name (load before: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$OUT/$name.txt"
    # shellcheck disable=SC2086 # PAYBENCH_ARGS is a list of options on purpose
    "$PAYBENCH" --url "$URL" --duration "$DURATION" --warmup "$WARMUP" --quiet --json "$OUT/$name.json" "$@" ${PAYBENCH_ARGS:-} | tee -a "$OUT/$name.txt"
    sleep 3  # let the server's queues settle between runs
}

for r in $HEALTH_RATES; do run "health-$r" --scenario health --rate "$r"; done
for r in $AUTHORIZE_RATES; do run "authorize-$r" --scenario authorize --rate "$r" --credentials "$DATA/demo-credentials.json"; done
for r in $FLOW_RATES; do run "flow-$r" --scenario flow --rate "$r" --credentials "$DATA/demo-credentials.json"; done

# Raw MariaDB ceiling: single-row INSERTs, each its own autocommit transaction (durable:
# innodb_flush_log_at_trx_commit=1 as paydeskd configures it), from N parallel `mariadb` clients
# over the embedded server's socket, into a table shaped like a payment row. A separate database,
# so Paydesk's own tables are untouched.
SOCK=$DATA/run/mariadb.sock
sql() { mariadb -S "$SOCK" -u root "$@"; }
sql -e "CREATE DATABASE paybench_raw; CREATE TABLE paybench_raw.payments_raw (
    id BIGINT AUTO_INCREMENT PRIMARY KEY, payment_id VARCHAR(40) NOT NULL UNIQUE, merchant_id VARCHAR(64) NOT NULL,
    amount BIGINT NOT NULL, currency CHAR(3) NOT NULL, status VARCHAR(20) NOT NULL, created_at DATETIME(6) NOT NULL) ENGINE=InnoDB"
{
    echo "== raw MariaDB single-row autocommit INSERT rate (flush_log_at_trx_commit=$(sql -N -e 'SELECT @@innodb_flush_log_at_trx_commit'))"
    for clients in $INSERT_CLIENTS; do
        per=$((8000 / clients))
        for c in $(seq 1 "$clients"); do
            awk -v c="$c" -v n="$per" -v k="$clients" 'BEGIN { for (i = 0; i < n; i++)
                printf "INSERT INTO payments_raw (payment_id, merchant_id, amount, currency, status, created_at) VALUES (\"r%s-%s-%s\", \"m\", 1000, \"KRW\", \"AUTHORIZED\", NOW(6));\n", k, c, i }' \
                >"$DATA/raw-$c.sql"
        done
        before=$(sql -N -e 'SELECT COUNT(*) FROM paybench_raw.payments_raw')
        start=$(date +%s.%N)
        pids=()
        for c in $(seq 1 "$clients"); do
            sql paybench_raw <"$DATA/raw-$c.sql" &
            pids+=($!)
        done
        wait "${pids[@]}"
        end=$(date +%s.%N)
        # Counted in the table, not assumed: a client that stopped on an error would show here.
        rows=$(($(sql -N -e 'SELECT COUNT(*) FROM paybench_raw.payments_raw') - before))
        awk -v n="$rows" -v s="$start" -v e="$end" -v c="$clients" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
            'BEGIN { printf "clients %3d: %6d rows inserted in %6.2f s = %8.0f inserts/s (load %s)\n", c, n, e - s, n / (e - s), l }'
    done
} | tee "$OUT/raw-insert.txt"
# Peak resident memory of paydeskd itself (the embedded mariadbd and redis-server are separate processes).
echo "paydeskd peak RSS (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' /proc/$SERVER/status)" | tee "$OUT/paydeskd-memory.txt"
echo "results in $OUT"
