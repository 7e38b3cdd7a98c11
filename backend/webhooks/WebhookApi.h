#pragma once

#include <cstdint>
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
namespace paydesk::auth {
class MerchantAuth;
}
namespace paydesk::store {
class DbPool;
}

namespace paydesk::webhooks {

class DestinationPolicy;

// Merchants register where their events go (signed merchant API):
//   POST   /api/webhooks               {"url": "https://...", "eventTypes": ["payment.captured", ...] or ["*"]}
//                                      → 201 {endpointId, url, eventTypes, secret, createdAt}; the secret is shown
//                                      once. The host must resolve to allowed addresses only (DestinationPolicy): a
//                                      loopback, private, link-local, ... address is a 400 VALIDATION_ERROR.
//   GET    /api/webhooks               → {"endpoints": [...]} without secrets
//   DELETE /api/webhooks/{endpointId}  → 204
class WebhookApi {
public:
    WebhookApi(auth::MerchantAuth& auth, store::DbPool& db, WorkerPool& workers, const Clock& clock,
               const DestinationPolicy& policy)
        : auth_(auth), db_(db), workers_(workers), clock_(clock), policy_(policy) {}

    static void registerRoutes(http::Router& router, std::function<WebhookApi*()> current);

    void create(http::HttpRequest&& request, http::Responder respond);
    void list(http::HttpRequest&& request, http::Responder respond);
    void remove(http::HttpRequest&& request, http::Responder respond);

    static constexpr std::size_t kMaxEndpointsPerMerchant = 20;

private:
    void registerEndpoint(std::string merchantId, const std::string& text, const http::Responder& respond);
    void storeEndpoint(const std::string& merchantId, const std::string& url, const std::string& host, std::uint16_t port,
                       const std::vector<std::string>& types, const http::Responder& respond);

    auth::MerchantAuth& auth_;
    store::DbPool& db_;
    WorkerPool& workers_;
    const Clock& clock_;
    const DestinationPolicy& policy_;
};

}  // namespace paydesk::webhooks
