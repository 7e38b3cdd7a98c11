#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/AdminRoute.h"
#include "http/HttpTypes.h"
#include "operator/DeadLetterRepair.h"
#include "admin/OperatorAuth.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::http {
class Router;
}
namespace paydesk::store {
class DbConnection;
class DbPool;
}  // namespace paydesk::store
namespace paydesk::events {
class KafkaProducer;
}

namespace paydesk::operators {

struct OperatorApiOptions {
    std::chrono::milliseconds dbAcquireTimeout{1000};
    std::chrono::milliseconds replayTimeout{10'000};  // how long a replay waits for Kafka's acknowledgement
    std::chrono::milliseconds statsCacheTtl{2000};    // the console polls /admin/stats; one query round per TTL
};

// The operator API (/admin/...) the console talks to. Every call carries "Authorization: Bearer
// <token>" (401 UNAUTHORIZED otherwise) and needs a role (403 FORBIDDEN_ROLE):
//
//   clerk       GET everything, PATCH a dead letter's payload, replay one dead letter
//   supervisor  clerk + discard a dead letter, bulk replay
//   admin       everything
//
// Authentication, role and input checks run on the I/O thread (CPU only); database and Kafka work
// on the worker pool. Every answer is JSON; every change is audited in its own transaction.
class OperatorApi {
public:
    OperatorApi(OperatorApiOptions options, const OperatorAuth& auth, store::DbPool& db, WorkerPool& workers,
                events::KafkaProducer& producer);

    // Routes are registered before the API exists (the HTTP listener starts first); until
    // `current` returns an API they answer 503 SERVICE_UNAVAILABLE.
    static void registerRoutes(http::Router& router, std::function<OperatorApi*()> current);

    void whoami(http::HttpRequest&& request, http::Responder respond);
    void audit(http::HttpRequest&& request, http::Responder respond);
    void listDeadLetters(http::HttpRequest&& request, http::Responder respond);
    void getDeadLetter(http::HttpRequest&& request, http::Responder respond);
    void editDeadLetter(http::HttpRequest&& request, http::Responder respond);
    void replayDeadLetter(http::HttpRequest&& request, http::Responder respond);
    void discardDeadLetter(http::HttpRequest&& request, http::Responder respond);
    void bulkReplay(http::HttpRequest&& request, http::Responder respond);
    void searchPayments(http::HttpRequest&& request, http::Responder respond);
    void getPayment(http::HttpRequest&& request, http::Responder respond);
    void stats(http::HttpRequest&& request, http::Responder respond);

private:
    const OperatorApiOptions options_;
    const OperatorAuth& auth_;
    api::AdminRoute route_;
    DeadLetterRepair deadLetters_;

    std::mutex statsMutex_;
    std::chrono::steady_clock::time_point statsAt_{};
    std::string statsBody_;  // the cached 200 answer of /admin/stats
};

}  // namespace paydesk::operators
