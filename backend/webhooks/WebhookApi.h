#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "http/HttpTypes.h"

namespace paydesk {
class WorkerPool;
}
namespace paydesk::http {
class Router;
}
namespace paydesk::payments {
class MerchantAuth;
}
namespace paydesk::store {
class DbPool;
}

namespace paydesk::webhooks {

// Merchants register where their events go (signed merchant API):
//   POST   /api/webhooks               {"url": "https://...", "eventTypes": ["payment.captured", ...] or ["*"]}
//                                      → 201 {endpointId, url, eventTypes, secret, createdAt}; the secret is shown once
//   GET    /api/webhooks               → {"endpoints": [...]} without secrets
//   DELETE /api/webhooks/{endpointId}  → 204
class WebhookApi {
public:
    WebhookApi(payments::MerchantAuth& auth, store::DbPool& db, WorkerPool& workers, const Clock& clock)
        : auth_(auth), db_(db), workers_(workers), clock_(clock) {}

    static void registerRoutes(http::Router& router, std::function<WebhookApi*()> current);

    void create(http::HttpRequest&& request, http::Responder respond);
    void list(http::HttpRequest&& request, http::Responder respond);
    void remove(http::HttpRequest&& request, http::Responder respond);

    static constexpr std::size_t kMaxEndpointsPerMerchant = 20;

private:
    void registerEndpoint(std::string merchantId, const std::string& text, const http::Responder& respond);
    void storeEndpoint(const std::string& merchantId, const std::string& url, const std::vector<std::string>& types,
                       const http::Responder& respond);

    payments::MerchantAuth& auth_;
    store::DbPool& db_;
    WorkerPool& workers_;
    const Clock& clock_;
};

}  // namespace paydesk::webhooks
