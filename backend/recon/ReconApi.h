#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/AdminRoute.h"
#include "http/HttpTypes.h"
#include "admin/OperatorAuth.h"
#include "recon/ReconImporter.h"

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
namespace paydesk::auth {
class MerchantAuth;
}

namespace paydesk::recon {

struct ReconApiOptions {
    std::chrono::milliseconds dbAcquireTimeout{1000};
    std::size_t maxConcurrentImports = 2;  // each holds a file and its indexes in memory
    ImportOptions import;
};

// Bank statement reconciliation over HTTP.
//
// Uploads (text/csv or multipart/form-data with one file part; query or form fields profile,
// dryRun, encoding, currency, amountTolerance, dateWindowDays, settlementLagDays, preview, and for
// operators merchantId):
//   POST /api/recon/files, POST /api/payments/upload   an operator bearer token (any role) OR a
//        merchant signature (then only that merchant's payments and batches are candidates)
//   POST /admin/recon/files                            an operator bearer token
// Review (operator bearer token; clerk for everything except defining profiles, which needs
// supervisor): files, lines, exceptions, approve/reject/accept/match/unmatch/resolve, CSV exports,
// bank profiles. See docs/RECONCILIATION.md for the role matrix.
//
// Authentication and input checks run on the I/O thread; parsing, signature hashing of large bodies,
// matching and database work on the worker pool.
class ReconApi {
public:
    ReconApi(ReconApiOptions options, const operators::OperatorAuth& auth, auth::MerchantAuth* merchantAuth, store::DbPool& db,
             WorkerPool& workers);

    // Until `current` returns an API the routes answer 503 SERVICE_UNAVAILABLE.
    static void registerRoutes(http::Router& router, std::function<ReconApi*()> current);
    // What an upload's headers alone decide (media type, operator token or merchant key and
    // timestamp, a free import slot): the refusal, or nothing. Runs before the body is read; an
    // accepted upload holds its import slot in head.reservation from here until its import ends,
    // so uploads still being received count against the limit too.
    [[nodiscard]] std::optional<http::HttpResponse> checkUploadHead(http::HttpRequest& head, bool merchantsAllowed);
    // One of the maxConcurrentImports slots, released with the last copy; nullptr when all are taken.
    [[nodiscard]] std::shared_ptr<void> takeImportSlot();

    void uploadAny(http::HttpRequest&& request, http::Responder respond);       // operator or merchant
    void uploadOperator(http::HttpRequest&& request, http::Responder respond);  // operator only
    void listFiles(http::HttpRequest&& request, http::Responder respond);
    void getFile(http::HttpRequest&& request, http::Responder respond);
    void fileLines(http::HttpRequest&& request, http::Responder respond);
    void fileErrors(http::HttpRequest&& request, http::Responder respond);
    void fileContent(http::HttpRequest&& request, http::Responder respond);
    void exportFile(http::HttpRequest&& request, http::Responder respond);
    void exceptions(http::HttpRequest&& request, http::Responder respond);
    void exportExceptions(http::HttpRequest&& request, http::Responder respond);
    void getLine(http::HttpRequest&& request, http::Responder respond);
    void approve(http::HttpRequest&& request, http::Responder respond);
    void reject(http::HttpRequest&& request, http::Responder respond);
    void accept(http::HttpRequest&& request, http::Responder respond);
    void match(http::HttpRequest&& request, http::Responder respond);
    void unmatch(http::HttpRequest&& request, http::Responder respond);
    void resolve(http::HttpRequest&& request, http::Responder respond);
    void listProfiles(http::HttpRequest&& request, http::Responder respond);
    void getProfile(http::HttpRequest&& request, http::Responder respond);
    void createProfile(http::HttpRequest&& request, http::Responder respond);
    void updateProfile(http::HttpRequest&& request, http::Responder respond);
    void deleteProfile(http::HttpRequest&& request, http::Responder respond);

private:
    void upload(http::HttpRequest&& request, http::Responder respond, bool merchantsAllowed);
    // approve / reject / accept / unmatch: a line id in the path and an optional {note}.
    void lineDecision(http::HttpRequest&& request, http::Responder respond, const char* verb);

    const ReconApiOptions options_;
    api::AdminRoute route_;
    auth::MerchantAuth* merchantAuth_;
    WorkerPool& workers_;
    ReconImporter importer_;
    std::atomic<std::size_t> importsRunning_{0};
};

}  // namespace paydesk::recon
