#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "api/AdminRoute.h"
#include "http/HttpTypes.h"
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

namespace paydesk::settlement {

class SettlementCloser;
class SettlementWorkflow;

// The settlement part of the operator API (/admin/settlements...), bearer tokens as everywhere
// under /admin (401 UNAUTHORIZED, 403 FORBIDDEN_ROLE):
//
//   clerk       list, read, export CSV, close a day, reopen a rejected batch
//   supervisor  approve, reject (both four-eyes: not the operator who closed it, 403 MAKER_CHECKER),
//               mark paid
//
// Every change is audited in the transaction that makes it. Checks run on the I/O thread;
// database work on the worker pool.
class SettlementApi {
public:
    SettlementApi(const operators::OperatorAuth& auth, store::DbPool& db, WorkerPool& workers, SettlementCloser& closer,
                  SettlementWorkflow& workflow);

    // Registered before the API exists (the listener starts first): until `current` returns an
    // API the routes answer 503 SERVICE_UNAVAILABLE.
    static void registerRoutes(http::Router& router, std::function<SettlementApi*()> current);

    void list(http::HttpRequest&& request, http::Responder respond);
    void get(http::HttpRequest&& request, http::Responder respond);
    void close(http::HttpRequest&& request, http::Responder respond);
    void approve(http::HttpRequest&& request, http::Responder respond);
    void reject(http::HttpRequest&& request, http::Responder respond);
    void reopen(http::HttpRequest&& request, http::Responder respond);
    void paid(http::HttpRequest&& request, http::Responder respond);
    void payoutsCsv(http::HttpRequest&& request, http::Responder respond);
    void linesCsv(http::HttpRequest&& request, http::Responder respond);

private:
    api::AdminRoute route_;
    SettlementCloser& closer_;
    SettlementWorkflow& workflow_;
};

}  // namespace paydesk::settlement
