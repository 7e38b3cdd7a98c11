#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ChaosLoad.h"
#include "core/Endpoints.h"

namespace paydesk::chaos {

struct AuditResult {
    std::int64_t sent = 0;
    std::int64_t acknowledged = 0;      // answered 200
    std::int64_t unanswered = 0;        // no answer at all
    std::int64_t lost = 0;              // acknowledged, but its effect is missing
    std::int64_t duplicated = 0;        // acknowledged, and its effect is there more than once
    std::int64_t inconsistent = 0;      // a state change without its events or ledger entries (or with extra ones)
    std::int64_t notPublished = 0;      // outbox events still unpublished when the drain time ran out
    std::int64_t notOnKafka = 0;        // published events never seen on their topic
    std::int64_t wireDuplicates = 0;    // events seen on a topic more than once (allowed: consumers deduplicate)
    std::int64_t notConsumed = 0;       // published events the webhook consumer never applied (nor dead-lettered)
    double settleSeconds = 0;           // how long the outbox, topics and consumer took to settle after the load
    int ledgerExit = -1;                // paydeskd ledger verify: 0 clean
    std::vector<std::string> findings;  // the first few problems, for people

    [[nodiscard]] bool clean() const {
        return lost == 0 && duplicated == 0 && inconsistent == 0 && notPublished == 0 && notOnKafka == 0 &&
               notConsumed == 0 && ledgerExit == 0;
    }
};

// Audits the database against what the merchants were told, then the outbox against the topics and
// the consumer. `seenOnKafka` returns the event ids read back from the topics (empty function: the
// cluster is not ours to read, that check is skipped). Waits up to `drain` for the outbox, the
// topics and the consumer to settle first.
AuditResult audit(const DbEndpoint& database, const std::vector<Record>& records,
                  const std::vector<bench::MerchantCredentials>& merchants,
                  const std::function<std::map<std::string, int>()>& seenOnKafka, std::chrono::seconds drain);

}  // namespace paydesk::chaos
