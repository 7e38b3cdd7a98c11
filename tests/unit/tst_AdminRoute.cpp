// The helper every /admin route shares (api/AdminRoute.h): operator token and role, the hop to the
// worker pool, the database connection, and the answers when any of them is missing.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "TestSupport.h"
#include "api/AdminRoute.h"
#include "core/WorkerPool.h"
#include "store/Database.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace std::chrono_literals;
using http::HttpRequest;
using http::HttpResponse;
using operators::Role;

namespace {

const std::string kClerkToken = "clerk-token-0123456789";
const std::string kAdminToken = "admin-token-0123456789";

// Collects the one answer a route gives, possibly from a worker thread.
class Answer {
public:
    http::Responder responder() {
        return [this](HttpResponse r) {
            std::lock_guard lock(mutex_);
            ++calls_;
            response_ = std::move(r);
            done_.notify_all();
        };
    }
    bool wait() {
        std::unique_lock lock(mutex_);
        return done_.wait_for(lock, 5s, [&] { return calls_ > 0; });
    }
    int calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    HttpResponse response() {
        std::lock_guard lock(mutex_);
        return response_;
    }
    nlohmann::json body() { return nlohmann::json::parse(response().body); }
    std::string header(const std::string& name) {
        for (const auto& [k, v] : response().headers) {
            if (k == name) return v;
        }
        return {};
    }

private:
    std::mutex mutex_;
    std::condition_variable done_;
    int calls_ = 0;
    HttpResponse response_;
};

HttpRequest withToken(const std::string& token) {
    HttpRequest r;
    r.method = "GET";
    r.target = r.path = "/admin/things";
    if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
    return r;
}

// A "server" that accepts connections and never answers: the pool, marked unavailable, fails at once.
DbEndpoint unreachable(const TestBlackHole& hole) {
    DbEndpoint ep;
    ep.host = "127.0.0.1";
    ep.port = hole.port();
    return ep;
}

// An API with one method, for forward().
struct FakeApi {
    int calls = 0;
    void handle(HttpRequest&&, http::Responder respond) {
        ++calls;
        respond(HttpResponse::json(200, {{"ok", true}}));
    }
};

}  // namespace

class TestAdminRoute : public QObject {
    Q_OBJECT

    TestBlackHole hole_;
    operators::OperatorAuth auth_;
    std::unique_ptr<store::DbPool> pool_;
    std::unique_ptr<WorkerPool> workers_;
    std::unique_ptr<api::AdminRoute> route_;

private slots:
    void initTestCase() {
        QVERIFY(auth_.add({kClerkToken, "carol", Role::Clerk}).ok());
        QVERIFY(auth_.add({kAdminToken, "ada", Role::Admin}).ok());
        pool_ = std::make_unique<store::DbPool>(unreachable(hole_), 2);
        pool_->setAvailable(false, "no answer to a ping for 600 ms");
        workers_ = std::make_unique<WorkerPool>("admin-test", 1, 8);
        route_ = std::make_unique<api::AdminRoute>(auth_, *pool_, *workers_, 200ms, "test");
    }

    void cleanupTestCase() { workers_->stop(); }

    void missingTokenIs401() {
        Answer a;
        QVERIFY(!route_->authorize(withToken(""), a.responder(), Role::Clerk, "listing things"));
        QCOMPARE(a.response().status, 401);
        QCOMPARE(a.body()["code"].get<std::string>(), std::string("UNAUTHORIZED"));
        QCOMPARE(a.body()["message"].get<std::string>(),
                 std::string("Authorization: Bearer <operator token> is required"));
        QCOMPARE(a.header("WWW-Authenticate"), std::string("Bearer realm=\"paydesk-operator\""));
    }

    void unknownTokenIs401() {
        Answer a;
        QVERIFY(!route_->authorize(withToken("not-a-configured-token-at-all"), a.responder(), Role::Clerk, "x"));
        QCOMPARE(a.response().status, 401);
        QCOMPARE(a.body()["message"].get<std::string>(), std::string("the operator token is not valid"));
    }

    void wrongRoleIs403NamingBothRoles() {
        Answer a;
        QVERIFY(!route_->authorize(withToken(kClerkToken), a.responder(), Role::Supervisor, "approving a batch"));
        QCOMPARE(a.response().status, 403);
        const nlohmann::json b = a.body();
        QCOMPARE(b["code"].get<std::string>(), std::string("FORBIDDEN_ROLE"));
        QCOMPARE(b["message"].get<std::string>(), std::string("approving a batch requires supervisor (you are clerk)"));
        QCOMPARE(b["requiredRole"].get<std::string>(), std::string("supervisor"));
        QCOMPARE(b["role"].get<std::string>(), std::string("clerk"));
    }

    void sufficientRolePassesWithoutAnswering() {
        Answer a;
        const auto who = route_->authorize(withToken(kAdminToken), a.responder(), Role::Supervisor, "approving");
        QVERIFY(who.has_value());
        QCOMPARE(who->name, std::string("ada"));
        QCOMPARE(a.calls(), 0);
    }

    // The database down: 503 + Retry-After at once, and the work never runs.
    void unavailableDatabaseIs503WithRetryAfter() {
        Answer a;
        std::atomic<bool> ran{false};
        const auto start = std::chrono::steady_clock::now();
        route_->runWithDatabase(a.responder(), "corr-1", [&ran](store::DbConnection&) {
            ran = true;
            return HttpResponse::json(200, nlohmann::json::object());
        });
        QVERIFY(a.wait());
        QVERIFY(std::chrono::steady_clock::now() - start < 1s);
        QCOMPARE(a.response().status, 503);
        QCOMPARE(a.body()["code"].get<std::string>(), std::string("SERVICE_UNAVAILABLE"));
        QCOMPARE(a.body()["message"].get<std::string>(), std::string("the database is unavailable"));
        QCOMPARE(a.header("Retry-After"), std::string("1"));
        QVERIFY(!ran);
        QCOMPARE(a.calls(), 1);
    }

    // No worker can take the work: 503, answered on the caller's thread.
    void fullWorkerPoolIs503() {
        WorkerPool stopped("stopped", 1, 1);
        stopped.stop();
        api::AdminRoute route(auth_, *pool_, stopped, 200ms, "test");
        Answer a;
        route.runWithDatabase(a.responder(), "corr-2",
                              [](store::DbConnection&) { return HttpResponse::json(200, nlohmann::json::object()); });
        QCOMPARE(a.calls(), 1);
        QCOMPARE(a.response().status, 503);
        QCOMPARE(a.body()["message"].get<std::string>(), std::string("the server is overloaded"));
        QVERIFY(!a.header("Retry-After").empty());
    }

    void forwardAnswers503UntilTheApiExists() {
        FakeApi fake;
        FakeApi* current = nullptr;
        http::Handler handler = api::forward<FakeApi>([&current] { return current; }, &FakeApi::handle);
        Answer starting;
        handler(withToken(""), starting.responder());
        QCOMPARE(starting.response().status, 503);
        QCOMPARE(starting.body()["message"].get<std::string>(), std::string("paydeskd is starting"));
        QCOMPARE(fake.calls, 0);
        current = &fake;
        Answer ready;
        handler(withToken(""), ready.responder());
        QCOMPARE(ready.response().status, 200);
        QCOMPARE(fake.calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestAdminRoute)
#include "tst_AdminRoute.moc"
