// drainbench: how fast the outbox relay drains a backlog of N unpublished events into Kafka, next
// to this machine's ceilings for the two halves of that work (BENCHMARKS.md, "Outbox backlog drain").
//
//   drainbench [--events 1000000] [--keys 0] [--batch-size 0] [--marking-in-flight 0] [--read-during]
//              [--skip-ceilings] [--raw-setting KEY=VALUE]... [--timeout 900] [--data-dir DIR] [--keep]
//
// It starts the embedded MariaDB (exactly as paydeskd configures it) in a temporary folder with
// the migrations applied, and the in-process Kafka mock cluster as paydeskd's embedded default
// does (3 brokers, every Paydesk topic with the default partitions and replication). It then
//   1. inserts N unpublished outbox rows shaped like payment.authorized events (~320-byte JSON
//      payloads, random-looking ids), server-side from MariaDB's sequence engine: not measured;
//   2. starts the real OutboxRelay with paydeskd's default options and its own idempotent
//      KafkaProducer, and times it until the backlog is zero (progress from the relay's
//      paydesk_outbox_published_total counter, sampled every 5 ms; the end confirmed with
//      SELECT COUNT(*) ... WHERE published_at IS NULL);
//   3. checks that every event reached Kafka exactly once and in order per key: the high
//      watermarks of the topic's partitions must add up to N, and what is read back with the
//      project's KafkaConsumer must hold every event id once, each key's events in seq order. The
//      mock brokers keep only about 5 MiB per partition, so afterwards only the tail can be read
//      back; --read-during reads the topic while the relay drains and so checks every event;
//   4. measures the ceilings: the same N rows marked published by one UPDATE, and by UPDATEs of
//      one relay batch each, one after another; and N messages of the same keys, envelopes and
//      headers produced straight through librdkafka (KafkaProducer's settings) to the same cluster.
// Prints one line per step and a JSON summary; exits 1 if any event is missing, duplicated, out
// of order or still unpublished.

#include <CLI/CLI.hpp>

#include <librdkafka/rdkafka.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "BenchDatabase.h"

#include "core/Clock.h"
#include "core/Logger.h"
#include "core/Metrics.h"
#include "events/KafkaClient.h"
#include "events/KafkaMockCluster.h"
#include "events/OutboxRelay.h"
#include "events/Topics.h"
#include "store/Database.h"

using namespace paydesk;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kTopic = "payment.authorized";
constexpr const char* kRawTopic = "payment.voided";  // not used by the drain: the raw ceiling writes here

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string a, b, c;
    in >> a >> b >> c;
    return a + " " + b + " " + c;
}

// kB of a /proc/PID/status field, -1 when unknown.
long processStatusKb(long pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
    }
    return -1;
}

// CPU seconds (user + system) a process has used so far, -1 when unknown.
double cpuSeconds(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) return -1;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    long long utime = 0;
    long long stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
        if (i == 14) utime = std::atoll(field.c_str());
        if (i == 15) stime = std::atoll(field.c_str());
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Ids end in 8 hex digits carrying their index ("evt_<16 hex><8 hex>"); -1 when malformed.
std::int64_t trailingIndex(const std::string& id) {
    if (id.size() < 8) return -1;
    char* end = nullptr;
    const long long v = std::strtoll(id.c_str() + id.size() - 8, &end, 16);
    return end == id.c_str() + id.size() ? v : -1;
}

std::string withCommas(std::int64_t v) {
    const std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    if (v < 0) out.push_back('-');
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

bool setConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "drainbench: %s=%s: %s\n", key.c_str(), value.c_str(), err);
        return false;
    }
    return true;
}

// Offsets of a topic summed over its partitions: `appended` (high watermarks: every message ever
// appended) and `retained` (high - low: what the broker still keeps). The mock brokers keep about
// 5 MiB or 100,000 message sets per partition and drop older ones, so after a large drain only the
// tail of the topic can be read back. Both -1 when a broker did not answer.
struct TopicOffsets {
    std::int64_t appended = -1;
    std::int64_t retained = -1;
};

TopicOffsets topicOffsets(const std::string& bootstrap, const char* topic, int partitions) {
    TopicOffsets out;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    if (!setConf(conf, "bootstrap.servers", bootstrap)) {
        rd_kafka_conf_destroy(conf);
        return out;
    }
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk == nullptr) return out;
    std::int64_t appended = 0;
    std::int64_t retained = 0;
    bool ok = true;
    for (int p = 0; p < partitions && ok; ++p) {
        std::int64_t low = 0;
        std::int64_t high = 0;
        ok = rd_kafka_query_watermark_offsets(rk, topic, p, &low, &high, 10'000) == RD_KAFKA_RESP_ERR_NO_ERROR;
        appended += high;
        retained += high - low;
    }
    rd_kafka_destroy(rk);
    if (ok) out = {appended, retained};
    return out;
}

// Checks what is read back from the topic: each event id (its index, 1..N) at most once, each
// key's events in increasing index order, the key the one the event was written with, and on a
// sample the envelope itself. Keeps the first messages as templates for the raw ceiling.
class ReadBackCheck {
public:
    ReadBackCheck(std::int64_t events, std::int64_t keys)
        : events_(events), keys_(keys), seen_(static_cast<std::size_t>(events) + 1, 0), lastOfKey_(static_cast<std::size_t>(keys), 0) {}

    void add(const events::IncomingMessage& m) {
        ++read;
        envelopeBytes += static_cast<std::int64_t>(m.payload.size());
        const auto header = m.headers.find("event-id");
        const std::int64_t n = header == m.headers.end() ? -1 : trailingIndex(header->second);
        const std::int64_t k = trailingIndex(m.key);
        if (n < 1 || n > events_ || k != (n - 1) % keys_) {
            ++malformed;
            return;
        }
        auto& times = seen_[static_cast<std::size_t>(n)];
        if (times > 0) ++duplicates;
        if (times < 255) ++times;
        if (times == 1) {
            std::int64_t& last = lastOfKey_[static_cast<std::size_t>(k)];
            if (last >= n) ++outOfOrder;
            last = std::max(last, n);
        }
        if (read % 1000 == 1) {
            const auto env = nlohmann::json::parse(m.payload, nullptr, false);
            ++envelopesParsed;
            if (env.is_discarded() || env.value("eventId", "") != header->second || env.value("aggregateId", "") != m.key ||
                !env.contains("payload") || !env["payload"].is_object() || env["payload"].value("paymentId", "") != m.key) {
                ++malformed;
            }
        }
        if (templates.size() < 1000) templates.push_back(m);
    }
    [[nodiscard]] std::int64_t missing() const {
        std::int64_t count = 0;
        for (std::size_t n = 1; n < seen_.size(); ++n) count += seen_[n] == 0 ? 1 : 0;
        return count;
    }

    std::int64_t read = 0;
    std::int64_t duplicates = 0;
    std::int64_t outOfOrder = 0;
    std::int64_t malformed = 0;
    std::int64_t envelopesParsed = 0;
    std::int64_t envelopeBytes = 0;
    std::vector<events::IncomingMessage> templates;

private:
    std::int64_t events_;
    std::int64_t keys_;
    std::vector<std::uint8_t> seen_;
    std::vector<std::int64_t> lastOfKey_;
};

// Reads the topic from its start with the project's KafkaConsumer until `target` messages
// arrived, `stop` is set and nothing came for a second, or the deadline passed.
void readBack(const std::string& bootstrap, const std::string& group, std::int64_t target, const std::atomic<bool>& stop,
              Steady::time_point deadline, ReadBackCheck& check) {
    auto consumer = events::KafkaConsumer::create(bootstrap, group, {kTopic});
    if (!consumer.ok()) {
        std::fprintf(stderr, "drainbench: %s\n", consumer.error().message.c_str());
        return;
    }
    int idlePolls = 0;
    while (check.read < target && Steady::now() < deadline) {
        auto polled = consumer.value()->poll(250ms);
        if (!polled.ok() || !polled->has_value()) {
            if (stop.load() && ++idlePolls >= 4) break;
            continue;
        }
        idlePolls = 0;
        check.add(**polled);
    }
    consumer.value()->close();
}

struct RawCounts {
    std::atomic<long> delivered{0};
    std::atomic<long> failed{0};
};

void rawDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* msg, void* opaque) {
    auto* counts = static_cast<RawCounts*>(opaque);
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) counts->delivered.fetch_add(1, std::memory_order_relaxed);
    else counts->failed.fetch_add(1, std::memory_order_relaxed);
}

struct RawResult {
    double seconds = 0;
    long delivered = 0;
    long failed = 0;
    long queueFullRetries = 0;
};

// N messages cycling through real (key, envelope, headers) triples read back from the topic,
// produced as fast as librdkafka takes them, until the last delivery report.
RawResult rawProduce(const std::string& bootstrap, long count, const std::vector<events::IncomingMessage>& templates,
                     const std::vector<std::pair<std::string, std::string>>& settings) {
    RawResult out;
    RawCounts counts;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set_dr_msg_cb(conf, rawDelivery);
    rd_kafka_conf_set_opaque(conf, &counts);
    bool ok = setConf(conf, "bootstrap.servers", bootstrap) && setConf(conf, "client.id", "drainbench-raw");
    for (const auto& [k, v] : settings) ok = ok && setConf(conf, k, v);
    if (!ok) {
        rd_kafka_conf_destroy(conf);
        out.failed = count;
        return out;
    }
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk == nullptr) {
        std::fprintf(stderr, "drainbench: raw producer: %s\n", err);
        out.failed = count;
        return out;
    }
    const auto start = Steady::now();
    for (long i = 0; i < count;) {
        const events::IncomingMessage& t = templates[static_cast<std::size_t>(i) % templates.size()];
        rd_kafka_headers_t* headers = rd_kafka_headers_new(t.headers.size());
        for (const auto& [k, v] : t.headers) {
            rd_kafka_header_add(headers, k.c_str(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
        }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
        const rd_kafka_resp_err_t e =
            rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(kRawTopic), RD_KAFKA_V_KEY(const_cast<char*>(t.key.data()), t.key.size()),
                              RD_KAFKA_V_VALUE(const_cast<char*>(t.payload.data()), t.payload.size()),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_headers_destroy(headers);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                ++out.queueFullRetries;
                rd_kafka_poll(rk, 1);
                continue;
            }
            counts.failed.fetch_add(1);
        }
        ++i;
        if ((i & 1023) == 0) rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 120'000);
    out.seconds = bench::secondsOf(Steady::now() - start);
    rd_kafka_destroy(rk);
    out.delivered = counts.delivered.load();
    out.failed = counts.failed.load();
    return out;
}

// KafkaProducer's settings (backend/events/KafkaClient.cpp), for a like-for-like raw ceiling.
const std::vector<std::pair<std::string, std::string>> kProducerSettings = {
    {"enable.idempotence", "true"}, {"acks", "all"},
    {"linger.ms", "5"},             {"batch.num.messages", "10000"},
    {"compression.type", "lz4"},    {"message.timeout.ms", "30000"},
    {"queue.buffering.max.messages", "200000"}};

}  // namespace

int main(int argc, char** argv) {
    long events = 1'000'000;
    long keys = 0;
    long batchSize = 0;
    long markingInFlight = 0;
    long timeoutSeconds = 900;
    std::vector<std::string> rawSettings;
    bool readDuring = false;
    bool skipCeilings = false;
    std::string dataDir;
    bool keep = false;
    CLI::App app{"drainbench: time the outbox relay draining a backlog of N events into the embedded Kafka", "drainbench"};
    app.add_option("--events", events, "Unpublished outbox events in the backlog")->check(CLI::Range(1L, 20'000'000L));
    app.add_option("--keys", keys, "Aggregate ids (message keys) they are spread over, round robin (0: events / 4)")
        ->check(CLI::Range(0L, 20'000'000L));
    app.add_option("--batch-size", batchSize, "Relay batch size (0: the relay's default, as paydeskd runs it)")
        ->check(CLI::Range(0L, 1'000'000L));
    app.add_option("--marking-in-flight", markingInFlight,
                   "Relay batches marked published at once (0: the relay's default, as paydeskd runs it)")
        ->check(CLI::Range(0L, 16L));
    app.add_option("--timeout", timeoutSeconds, "Give up draining after this many seconds")->check(CLI::Range(1L, 86'400L));
    app.add_option("--raw-setting", rawSettings, "KEY=VALUE librdkafka setting added to the raw-produce ceiling (repeatable)");
    app.add_flag("--read-during", readDuring,
                 "Read the topic back while the relay drains (every event checked; costs CPU next to the relay)");
    app.add_flag("--skip-ceilings", skipCeilings, "Measure the drain only");
    app.add_option("--data-dir", dataDir, "Folder for the embedded MariaDB (default: a new temporary folder)");
    app.add_flag("--keep", keep, "Keep the folder afterwards");
    CLI11_PARSE(app, argc, argv);
    if (keys == 0) keys = std::max(1L, events / 4);
    keys = std::min(keys, events);
    Logger::setLevel(LogLevel::Warn);

    std::vector<std::pair<std::string, std::string>> rawConf = kProducerSettings;
    for (const std::string& s : rawSettings) {
        const auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::fprintf(stderr, "drainbench: --raw-setting wants KEY=VALUE, not %s\n", s.c_str());
            return 2;
        }
        rawConf.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }

    const std::string loadAtStart = loadAverage();
    std::printf("load average at start: %s (%u cores)\n", loadAtStart.c_str(), std::thread::hardware_concurrency());
    bench::BenchDatabase db("drainbench", dataDir, keep);
    store::DbConnection& c = db.connection();
    long mariadbPid = -1;
    {
        auto pidFile = c.query("SELECT @@pid_file");
        if (pidFile.ok() && !pidFile->rows.empty()) {
            std::ifstream in(pidFile->text(0, 0));
            in >> mariadbPid;
        }
    }

    // The embedded Kafka exactly as LocalStack starts it for paydeskd: 3 brokers, default topics.
    const events::TopicSettings topics;
    auto started = events::KafkaMockCluster::start(3, topics);
    if (!started.ok()) db.die("embedded Kafka: " + started.error().message);
    std::unique_ptr<events::KafkaMockCluster> cluster = std::move(started).value();
    const std::string bootstrap = cluster->bootstrap();
    std::printf("Kafka mock cluster: %d brokers, %d partitions per topic, replication %d, at %s\n", cluster->brokerCount(),
                topics.partitions, topics.replicationFactor, bootstrap.c_str());

    // The backlog: ids as random-looking as real ones, but ending in their index in hex so the
    // check can tell every event (and every key) apart without keeping the strings.
    const auto loadStart = Steady::now();
    auto base = c.query("SELECT DATE_FORMAT(UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE, '%Y-%m-%d %H:%i:%s.%f')");
    if (!base.ok() || base->rows.empty()) db.die("cannot read the clock");
    const std::string t0 = "'" + base->text(0, 0) + "'";
    const std::string iso = "CONCAT(LEFT(DATE_FORMAT(t, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')";
    const std::string isoExpires = "CONCAT(LEFT(DATE_FORMAT(t + INTERVAL 7 DAY, '%Y-%m-%dT%H:%i:%s.%f'), 23), 'Z')";
    constexpr long kChunk = 100'000;
    for (long first = 1; first <= events; first += kChunk) {
        const long last = std::min(events, first + kChunk - 1);
        db.run("INSERT INTO outbox (event_id, topic, event_type, aggregate_type, aggregate_id, correlation_id, payload, occurred_at) "
               "SELECT CONCAT('evt_', LEFT(MD5(seq), 16), LPAD(HEX(seq), 8, '0')), '" + std::string(kTopic) + "', 'payment.authorized', "
               "'payment', k, LEFT(MD5(CONCAT('c', seq)), 16), "
               "CONCAT('{\"acquirerTransactionId\":\"acq_', LEFT(MD5(CONCAT('a', seq)), 24), '\",\"amount\":', 1000 + (seq * 7919) MOD 99000, "
               "',\"card\":{\"bin\":\"4', LPAD(seq MOD 100000, 5, '0'), '\",\"last4\":\"', LPAD(seq MOD 10000, 4, '0'), "
               "'\"},\"currency\":\"KRW\",\"expiresAt\":\"', " + isoExpires + ", '\",\"merchantId\":\"bench-m', LPAD(seq MOD 100, 3, '0'), "
               "'\",\"message\":\"authorized\",\"paymentId\":\"', k, '\",\"requestedAt\":\"', " + iso + ", '\",\"status\":\"AUTHORIZED\"}'), t "
               "FROM (SELECT seq, CONCAT('pay_', LEFT(MD5(CONCAT('p', (seq - 1) MOD " + std::to_string(keys) + ")), 16), "
               "LPAD(HEX((seq - 1) MOD " + std::to_string(keys) + "), 8, '0')) AS k, " + t0 + " + INTERVAL FLOOR(seq * 600000000 / " +
               std::to_string(events) + ") MICROSECOND AS t FROM seq_" + std::to_string(first) + "_to_" + std::to_string(last) + ") s");
    }
    const auto loaded = Steady::now() - loadStart;
    const std::int64_t backlogBefore = db.scalar("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL");
    const std::int64_t firstSeq = db.scalar("SELECT MIN(seq) FROM outbox");
    const std::int64_t payloadAvg = db.scalar("SELECT ROUND(AVG(LENGTH(payload))) FROM outbox");
    if (backlogBefore != events || firstSeq != 1) db.die("the backlog was not loaded as expected");
    std::printf("loaded %s unpublished events over %s keys (payload %lld bytes on average) in %.1f s (not part of the measurement)\n",
                withCommas(events).c_str(), withCommas(keys).c_str(), static_cast<long long>(payloadAvg), bench::secondsOf(loaded));

    // The relay as paydeskd runs it: default options, its own idempotent producer, a pool.
    auto producer = events::KafkaProducer::create(bootstrap, "paydeskd-drainbench");
    if (!producer.ok()) db.die(producer.error().message);
    store::DbPool pool(db.endpoint(), 4);
    events::OutboxRelay::Options options;
    if (batchSize > 0) options.batchSize = static_cast<std::size_t>(batchSize);
    if (markingInFlight > 0) options.markingInFlight = static_cast<std::size_t>(markingInFlight);
    Counter& published = MetricsRegistry::global().counter("paydesk_outbox_published_total", "Events acknowledged by Kafka");
    Counter& failures = MetricsRegistry::global().counter("paydesk_outbox_publish_failures_total", "Events Kafka did not acknowledge");
    const std::uint64_t publishedBase = published.value();
    const std::uint64_t failuresBase = failures.value();
    const long rssBeforeKb = bench::procStatusKb("VmRSS");
    const std::string loadBeforeDrain = loadAverage();
    std::printf("draining with the relay: batch size %zu, %zu batch(es) marked at once, idle wait %lld ms, lease %lld ms; load average %s\n",
                options.batchSize, options.markingInFlight, static_cast<long long>(options.idleWait.count()),
                static_cast<long long>(options.leaseTtl.count()), loadBeforeDrain.c_str());

    auto relay = std::make_unique<events::OutboxRelay>(options, SystemClock::instance(), pool, *producer.value(), "drainbench");
    ReadBackCheck check(events, keys);
    std::atomic<bool> readerStop{false};
    std::thread readerThread;
    if (readDuring) {
        readerThread = std::thread([&] {
            readBack(bootstrap, "drainbench-verify", events, readerStop, Steady::now() + std::chrono::seconds(timeoutSeconds) + 300s, check);
        });
    }
    const double cpuSelfBefore = cpuSeconds("self");
    const double cpuMariadbBefore = mariadbPid > 0 ? cpuSeconds(std::to_string(mariadbPid)) : -1;
    const auto drainStart = Steady::now();
    relay->start();
    std::vector<long> perSecond;
    std::uint64_t lastSecondMark = 0;
    Steady::time_point drainEnd{};
    bool drained = false;
    const auto deadline = drainStart + std::chrono::seconds(timeoutSeconds);
    for (;;) {
        std::this_thread::sleep_for(5ms);
        const auto now = Steady::now();
        const std::uint64_t done = published.value() - publishedBase;
        const auto second = static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(now - drainStart).count());
        while (perSecond.size() < second) {
            const std::uint64_t inSecond = done - lastSecondMark;
            lastSecondMark = done;
            perSecond.push_back(static_cast<long>(inSecond));
            std::printf("  %4zu s  %9s published  +%s/s  backlog %s\n", perSecond.size(), withCommas(static_cast<std::int64_t>(done)).c_str(),
                        withCommas(static_cast<std::int64_t>(inSecond)).c_str(), withCommas(events - static_cast<std::int64_t>(done)).c_str());
            std::fflush(stdout);
        }
        if (done >= static_cast<std::uint64_t>(events)) {
            drainEnd = now;
            drained = true;
            break;
        }
        if (now >= deadline) break;
    }
    const double cpuSelf = cpuSeconds("self") - cpuSelfBefore;
    const double cpuMariadb = mariadbPid > 0 ? cpuSeconds(std::to_string(mariadbPid)) - cpuMariadbBefore : -1;
    relay->stop();
    const double drainSeconds = bench::secondsOf((drained ? drainEnd : Steady::now()) - drainStart);
    const long peakRssKb = bench::procStatusKb("VmHWM");
    const long rssAfterKb = bench::procStatusKb("VmRSS");
    const long mariadbRssKb = mariadbPid > 0 ? processStatusKb(mariadbPid, "VmRSS") : -1;
    const std::string loadAfterDrain = loadAverage();
    const std::int64_t backlogAfter = db.scalar("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL");
    const std::uint64_t publishedCount = published.value() - publishedBase;
    const std::uint64_t failedCount = failures.value() - failuresBase;
    const double rate = static_cast<double>(publishedCount) / drainSeconds;
    if (drained && drainSeconds - static_cast<double>(perSecond.size()) > 0.001) {
        std::printf("  %7.3f s  %9s published (last partial second)\n", drainSeconds, withCommas(static_cast<std::int64_t>(publishedCount)).c_str());
    }
    std::printf("drain:    %.2f s  %s events  %.0f events/s  (backlog now %lld; %llu not acknowledged on a first try)%s\n", drainSeconds,
                withCommas(static_cast<std::int64_t>(publishedCount)).c_str(), rate, static_cast<long long>(backlogAfter),
                static_cast<unsigned long long>(failedCount), drained ? "" : "  TIMED OUT");
    std::printf("cpu:      drainbench (relay, producer, in-process brokers%s) %.1f s, mariadbd %.1f s over the %.1f s drain: %.2f of %u cores\n",
                readDuring ? ", reader" : "", cpuSelf, cpuMariadb, drainSeconds, (cpuSelf + cpuMariadb) / drainSeconds,
                std::thread::hardware_concurrency());
    std::printf("memory:   drainbench peak RSS %.0f MiB (%.0f MiB before the drain, %.0f MiB after; includes the in-process brokers' log), "
                "mariadbd RSS %.0f MiB; load average %s\n",
                static_cast<double>(peakRssKb) / 1024, static_cast<double>(rssBeforeKb) / 1024, static_cast<double>(rssAfterKb) / 1024,
                static_cast<double>(mariadbRssKb) / 1024, loadAfterDrain.c_str());
    relay.reset();

    // Exactly once, in order per key. A backlog of zero means the brokers acknowledged every event
    // at least once (acks=all: appended); the high watermarks count every message ever appended,
    // so a sum of exactly N means none was appended twice. The messages are read back either
    // during the drain (--read-during: all of them) or afterwards (what the brokers still retain).
    if (readerThread.joinable()) {
        readerStop.store(true);
        readerThread.join();
    }
    const TopicOffsets offsets = topicOffsets(bootstrap, kTopic, topics.partitions);
    const auto verifyStart = Steady::now();
    if (!readDuring) {
        const std::atomic<bool> stop{false};
        readBack(bootstrap, "drainbench-verify", offsets.retained, stop, Steady::now() + 300s, check);
    }
    const double verifySeconds = bench::secondsOf(Steady::now() - verifyStart);
    const std::int64_t missing = readDuring ? check.missing() : -1;
    const bool readAll = readDuring ? check.read == events && missing == 0 : check.read == offsets.retained;
    const bool exactlyOnce = drained && backlogAfter == 0 && offsets.appended == events && readAll && check.duplicates == 0 &&
                             check.malformed == 0 && check.outOfOrder == 0;
    const std::int64_t envelopeAvg = check.read > 0 ? check.envelopeBytes / check.read : 0;
    std::printf("verify:   %s messages appended to %s (sum of high watermarks, %s still retained by the brokers); %s read back %s: "
                "%s missing, %lld duplicated, %lld out of order per key, %lld malformed (%lld envelopes parsed); envelope %lld bytes on "
                "average -> %s\n",
                withCommas(offsets.appended).c_str(), kTopic, withCommas(offsets.retained).c_str(), withCommas(check.read).c_str(),
                readDuring ? "during the drain" : ("afterwards in " + std::to_string(static_cast<int>(verifySeconds + 0.5)) + " s").c_str(),
                readDuring ? withCommas(missing).c_str() : "(not all retained)", static_cast<long long>(check.duplicates),
                static_cast<long long>(check.outOfOrder), static_cast<long long>(check.malformed),
                static_cast<long long>(check.envelopesParsed), static_cast<long long>(envelopeAvg),
                exactlyOnce ? "every event exactly once" : "FAILED");

    // Ceiling 1: the same rows marked published by one statement.
    double updateSeconds = 0;
    std::int64_t updatedRows = 0;
    double chunkedSeconds = 0;
    std::int64_t chunkedRows = 0;
    RawResult raw;
    std::int64_t rawOnTopic = -1;
    if (!skipCeilings) {
        db.run("UPDATE outbox SET published_at = NULL");
        const auto updateStart = Steady::now();
        auto updated = c.query("UPDATE outbox SET published_at = UTC_TIMESTAMP(6) WHERE published_at IS NULL");
        updateSeconds = bench::secondsOf(Steady::now() - updateStart);
        if (!updated.ok()) db.die(updated.error().message);
        updatedRows = static_cast<std::int64_t>(updated->affectedRows);
        std::printf("ceiling:  %.2f s  one UPDATE marking %s rows published (%.0f rows/s); load average %s\n", updateSeconds,
                    withCommas(updatedRows).c_str(), static_cast<double>(updatedRows) / updateSeconds, loadAverage().c_str());

        // The same marking in the relay's batch size, one statement per batch, one after another:
        // what marking alone allows when it is done the relay's way.
        // (INSERT ... SELECT leaves gaps in AUTO_INCREMENT between the loading statements: the
        // ranges cover MIN(seq)..MAX(seq).)
        db.run("UPDATE outbox SET published_at = NULL");
        const std::int64_t lowest = db.scalar("SELECT MIN(seq) FROM outbox");
        const std::int64_t highest = db.scalar("SELECT MAX(seq) FROM outbox");
        const auto chunkStart = Steady::now();
        for (std::int64_t first = lowest; first <= highest; first += static_cast<std::int64_t>(options.batchSize)) {
            const std::int64_t last = std::min<std::int64_t>(highest, first + static_cast<std::int64_t>(options.batchSize) - 1);
            auto marked = c.query("UPDATE outbox SET published_at = UTC_TIMESTAMP(6) WHERE seq BETWEEN " + std::to_string(first) + " AND " +
                                  std::to_string(last));
            if (!marked.ok()) db.die(marked.error().message);
            chunkedRows += static_cast<std::int64_t>(marked->affectedRows);
        }
        chunkedSeconds = bench::secondsOf(Steady::now() - chunkStart);
        std::printf("ceiling:  %.2f s  UPDATEs of %zu seqs by range, one after another, marking %s rows (%.0f rows/s); load average %s\n",
                    chunkedSeconds, options.batchSize, withCommas(chunkedRows).c_str(), static_cast<double>(chunkedRows) / chunkedSeconds,
                    loadAverage().c_str());

        // Ceiling 2: librdkafka alone, same messages, same settings as KafkaProducer.
        if (!check.templates.empty()) {
            raw = rawProduce(bootstrap, events, check.templates, rawConf);
            rawOnTopic = topicOffsets(bootstrap, kRawTopic, topics.partitions).appended;
        }
        std::string rawDescription;
        for (std::size_t i = kProducerSettings.size(); i < rawConf.size(); ++i) rawDescription += " " + rawConf[i].first + "=" + rawConf[i].second;
        std::printf("ceiling:  %.2f s  raw librdkafka produce of %s messages (%ld acknowledged, %ld failed, %lld on the topic; %ld queue-full "
                    "waits) = %.0f messages/s, KafkaProducer's settings%s; load average %s\n",
                    raw.seconds, withCommas(events).c_str(), raw.delivered, raw.failed, static_cast<long long>(rawOnTopic), raw.queueFullRetries,
                    raw.seconds > 0 ? static_cast<double>(raw.delivered) / raw.seconds : 0.0,
                    rawDescription.empty() ? "" : (" +" + rawDescription).c_str(), loadAverage().c_str());
    }

    nlohmann::json summary = {{"events", events},
                              {"keys", keys},
                              {"payloadBytesAvg", payloadAvg},
                              {"envelopeBytesAvg", envelopeAvg},
                              {"batchSize", options.batchSize},
                              {"markingInFlight", options.markingInFlight},
                              {"drained", drained},
                              {"drainSeconds", drainSeconds},
                              {"eventsPerSecond", rate},
                              {"perSecond", perSecond},
                              {"notAcknowledgedFirstTry", failedCount},
                              {"backlogAfter", backlogAfter},
                              {"appendedToTopic", offsets.appended},
                              {"retainedOnTopic", offsets.retained},
                              {"readDuringDrain", readDuring},
                              {"readBack", check.read},
                              {"missing", missing},
                              {"duplicates", check.duplicates},
                              {"outOfOrder", check.outOfOrder},
                              {"malformed", check.malformed},
                              {"exactlyOnce", exactlyOnce},
                              {"cpuSecondsDrainbench", cpuSelf},
                              {"cpuSecondsMariadb", cpuMariadb},
                              {"peakRssKb", peakRssKb},
                              {"rssBeforeDrainKb", rssBeforeKb},
                              {"mariadbRssKb", mariadbRssKb},
                              {"ceilingUpdateSeconds", updateSeconds},
                              {"ceilingUpdateRowsPerSecond", updateSeconds > 0 ? static_cast<double>(updatedRows) / updateSeconds : 0.0},
                              {"ceilingBatchedUpdateSeconds", chunkedSeconds},
                              {"ceilingBatchedUpdateRowsPerSecond", chunkedSeconds > 0 ? static_cast<double>(chunkedRows) / chunkedSeconds : 0.0},
                              {"ceilingRawProduceSeconds", raw.seconds},
                              {"ceilingRawProducePerSecond", raw.seconds > 0 ? static_cast<double>(raw.delivered) / raw.seconds : 0.0},
                              {"ceilingRawProduceDelivered", raw.delivered},
                              {"loadSeconds", bench::secondsOf(loaded)},
                              {"loadAverageStart", loadAtStart},
                              {"loadAverageBeforeDrain", loadBeforeDrain},
                              {"loadAverageAfterDrain", loadAfterDrain}};
    std::printf("%s\n", summary.dump().c_str());
    if (!exactlyOnce) {
        std::fprintf(stderr, "drainbench: the backlog did not reach Kafka exactly once\n");
        return 1;
    }
    return 0;
}
