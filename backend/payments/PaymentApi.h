#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "auth/RequestAdmission.h"
#include "core/Clock.h"
#include "http/HttpTypes.h"
#include "store/WriteBatcher.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::http {
class Router;
}
namespace paydesk::store {
class DbPool;
class WriteBatcher;
}  // namespace paydesk::store

namespace paydesk::auth {
class MerchantAuth;
class RequestAdmission;
}  // namespace paydesk::auth

namespace paydesk::payments {

class AcquirerConnector;
using auth::MerchantAuth;
using auth::RequestAdmission;

struct PaymentApiOptions {
    std::chrono::seconds authorizationHold{7 * 24 * 3600};  // AUTHORIZED → EXPIRED after this
    std::size_t maxIdempotencyKeyLength = 255;
};

// The merchant API: /api/payments/... Signature check, validation and the merchant match happen
// on the I/O thread (CPU only); Redis admission and the acquirer on worker threads; the write
// through the WriteBatcher. Every answer is JSON with a stable code.
class PaymentApi {
public:
    PaymentApi(PaymentApiOptions options, const Clock& clock, MerchantAuth& auth, AcquirerConnector& acquirer,
               store::WriteBatcher& writer, store::DbPool& db, WorkerPool& workers);

    // Routes are registered before the API exists (the HTTP listener starts first); until
    // `current` returns an API they answer 503 SERVICE_UNAVAILABLE.
    static void registerRoutes(http::Router& router, std::function<PaymentApi*()> current);

    void authorize(http::HttpRequest&& request, http::Responder respond);
    void change(http::HttpRequest&& request, http::Responder respond, int kind);
    void get(http::HttpRequest&& request, http::Responder respond);

    // The answer to a write command's outcome: 200 with the result; a replay with its stored status
    // and Idempotent-Replayed: true; a refusal mapped by http/ErrorMapping.h; a failed batch 503 +
    // Retry-After, saying whether the request may have taken effect ("outcome": "unknown").
    static http::HttpResponse answer(const store::WriteResult& result);

private:
    void submitWrite(const std::string& shard, store::WriteCommand command, const auth::AdmissionRequest& admission,
                     const http::Responder& respond);

    PaymentApiOptions options_;
    const Clock& clock_;
    MerchantAuth& auth_;
    RequestAdmission& admission_;
    AcquirerConnector& acquirer_;
    store::WriteBatcher& writer_;
    store::DbPool& db_;
    WorkerPool& workers_;
};

}  // namespace paydesk::payments
