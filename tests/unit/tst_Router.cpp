// Router dispatch plus the request/response helpers it builds on (HttpTypes).
#include <QtTest>

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Logger.h"
#include "http/HttpTypes.h"
#include "http/Router.h"

using paydesk::Logger;
using paydesk::http::HttpRequest;
using paydesk::http::HttpResponse;
using paydesk::http::Responder;
using paydesk::http::Router;

namespace {

struct Answer {
    int calls = 0;
    HttpResponse response;
    [[nodiscard]] nlohmann::json json() const { return nlohmann::json::parse(response.body); }
    [[nodiscard]] std::string header(const std::string& name) const {
        for (const auto& [k, v] : response.headers) {
            if (k == name) return v;
        }
        return {};
    }
};

Responder capture(Answer& answer) {
    return [&answer](HttpResponse r) {
        ++answer.calls;
        answer.response = std::move(r);
    };
}

HttpRequest makeRequest(std::string method, std::string target) {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    const auto q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    return r;
}

// Records what a handler saw; the handler answers with its own name so tests see who ran.
struct Seen {
    std::string handler;
    std::string route;
    std::map<std::string, std::string> params;
};

paydesk::http::Handler recorder(Seen& seen, std::string name) {
    return [&seen, name](HttpRequest&& request, Responder respond) {
        seen.handler = name;
        seen.route = request.route;
        seen.params = request.pathParams;
        respond(HttpResponse::json(200, {{"handler", name}}));
    };
}

class LogCapture {
public:
    LogCapture() {
        Logger::setSink([this](std::string_view line) {
            std::lock_guard lock(mutex_);
            text_ += std::string(line) + "\n";
        });
    }
    ~LogCapture() { Logger::resetSink(); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }

private:
    std::mutex mutex_;
    std::string text_;
};

}  // namespace

class TestRouter : public QObject {
    Q_OBJECT

private slots:
    void routesLiteralAndCaptures() {
        Router router;
        Seen seen;
        router.add("GET", "/api/payments", recorder(seen, "list"));
        router.add("GET", "/api/payments/{id}", recorder(seen, "get"));
        router.add("POST", "/api/payments/capture/{paymentId}", recorder(seen, "capture"));
        router.add("GET", "/api/merchants/{merchant}/payments/{id}", recorder(seen, "nested"));

        Answer a;
        router.dispatch(makeRequest("GET", "/api/payments/pay_42?expand=1"), capture(a));
        QCOMPARE(a.calls, 1);
        QCOMPARE(a.response.status, 200);
        QCOMPARE(seen.handler, std::string("get"));
        QCOMPARE(seen.route, std::string("/api/payments/{id}"));
        QCOMPARE(seen.params.at("id"), std::string("pay_42"));

        Answer b;
        router.dispatch(makeRequest("POST", "/api/payments/capture/p%2F1"), capture(b));
        QCOMPARE(seen.handler, std::string("capture"));
        QCOMPARE(seen.params.at("paymentId"), std::string("p/1"));  // captures are percent-decoded

        Answer c;
        router.dispatch(makeRequest("GET", "/api/merchants/m1/payments/p9"), capture(c));
        QCOMPARE(seen.handler, std::string("nested"));
        QCOMPARE(seen.params.size(), std::size_t{2});
        QCOMPARE(seen.params.at("merchant"), std::string("m1"));
        QCOMPARE(seen.params.at("id"), std::string("p9"));

        Answer d;
        router.dispatch(makeRequest("GET", "/api/payments"), capture(d));
        QCOMPARE(seen.handler, std::string("list"));
        QVERIFY(seen.params.empty());
    }

    void literalBeatsCaptureRegardlessOfOrder() {
        Router router;
        Seen seen;
        router.add("GET", "/api/payments/{id}", recorder(seen, "byId"));
        router.add("GET", "/api/payments/export", recorder(seen, "export"));
        router.add("GET", "/api/{section}/summary", recorder(seen, "sectionSummary"));
        router.add("GET", "/api/payments/{id2}/x", recorder(seen, "wrongLength"));

        Answer a;
        router.dispatch(makeRequest("GET", "/api/payments/export"), capture(a));
        QCOMPARE(seen.handler, std::string("export"));
        QCOMPARE(seen.route, std::string("/api/payments/export"));

        Answer b;
        router.dispatch(makeRequest("GET", "/api/payments/summary"), capture(b));
        // First differing segment decides: "payments" (literal) beats "{section}".
        QCOMPARE(seen.handler, std::string("byId"));
        QCOMPARE(seen.params.at("id"), std::string("summary"));
    }

    void methodFallsBackToCaptureRoute() {
        Router router;
        Seen seen;
        router.add("GET", "/api/payments/export", recorder(seen, "export"));
        router.add("DELETE", "/api/payments/{id}", recorder(seen, "delete"));
        Answer a;
        router.dispatch(makeRequest("DELETE", "/api/payments/export"), capture(a));
        QCOMPARE(a.response.status, 200);
        QCOMPARE(seen.handler, std::string("delete"));
        QCOMPARE(seen.params.at("id"), std::string("export"));
    }

    void unknownPathIs404Json() {
        Router router;
        Seen seen;
        router.add("GET", "/api/payments/{id}", recorder(seen, "get"));

        for (const char* target : {"/x", "/api/payments", "/api/payments/", "/api/payments/1/2"}) {
            Answer a;
            std::string route = "untouched";
            router.dispatch(makeRequest("GET", target), capture(a), &route);
            QCOMPARE(a.calls, 1);
            QCOMPARE(a.response.status, 404);
            QCOMPARE(a.response.contentType, std::string("application/json"));
            QCOMPARE(a.json()["code"], nlohmann::json("NOT_FOUND"));
            QCOMPARE(route, std::string(Router::kUnmatchedRoute));
        }
        Answer exact;
        router.dispatch(makeRequest("GET", "/x"), capture(exact));
        QCOMPARE(exact.json(), nlohmann::json({{"code", "NOT_FOUND"}, {"message", "no route for GET /x"}}));
        QVERIFY(seen.handler.empty());
    }

    void wrongMethodIs405WithAllow() {
        Router router;
        Seen seen;
        router.add("GET", "/api/payments/{id}", recorder(seen, "get"));
        router.add("DELETE", "/api/payments/{id}", recorder(seen, "delete"));
        router.add("PUT", "/api/other", recorder(seen, "other"));

        Answer a;
        std::string route;
        router.dispatch(makeRequest("POST", "/api/payments/7"), capture(a), &route);
        QCOMPARE(a.calls, 1);
        QCOMPARE(a.response.status, 405);
        QCOMPARE(a.json()["code"], nlohmann::json("METHOD_NOT_ALLOWED"));
        QVERIFY(a.json()["message"].get<std::string>().find("POST") != std::string::npos);
        QCOMPARE(a.header("Allow"), std::string("DELETE, GET"));
        QCOMPARE(route, std::string(Router::kUnmatchedRoute));
        QVERIFY(seen.handler.empty());
    }

    void matchedRouteIsReported() {
        Router router;
        std::string seenRoute;
        router.add("GET", "/api/items/{id}", [&](HttpRequest&& request, Responder respond) {
            HttpRequest stolen = std::move(request);  // handlers may move the request away
            seenRoute = stolen.route;
            respond(HttpResponse::text(200, "ok"));
        });
        Answer a;
        std::string route;
        router.dispatch(makeRequest("GET", "/api/items/3"), capture(a), &route);
        QCOMPARE(route, std::string("/api/items/{id}"));
        QCOMPARE(seenRoute, std::string("/api/items/{id}"));
        QCOMPARE(a.response.contentType, std::string("text/plain; charset=utf-8"));
        QCOMPARE(a.response.body, std::string("ok"));
    }

    void throwingHandlerAnswers500WithoutLeaking() {
        LogCapture logs;
        Router router;
        router.add("GET", "/boom",
                   [](HttpRequest&&, Responder) { throw std::runtime_error("db password hunter2 rejected"); });
        Answer a;
        router.dispatch(makeRequest("GET", "/boom"), capture(a));
        QCOMPARE(a.calls, 1);
        QCOMPARE(a.response.status, 500);
        QCOMPARE(a.json(), nlohmann::json({{"code", "INTERNAL_ERROR"}, {"message", "internal error"}}));
        QVERIFY(a.response.body.find("hunter2") == std::string::npos);
        // The reason goes to the log (the masker may redact parts of it, the event must be there).
        const std::string logged = logs.text();
        QVERIFY2(logged.find("handler threw") != std::string::npos, logged.c_str());
        QVERIFY(logged.find("/boom") != std::string::npos);
    }

    void handlerThatAnsweredThenThrewStillGetsA500Attempt() {
        // The router cannot know the handler already answered; the server drops the second call.
        LogCapture logs;
        Router router;
        router.add("GET", "/late-boom", [](HttpRequest&&, Responder respond) {
            respond(HttpResponse::text(200, "fine"));
            throw std::logic_error("after the fact");
        });
        Answer a;
        router.dispatch(makeRequest("GET", "/late-boom"), capture(a));
        QCOMPARE(a.calls, 2);
        QCOMPARE(a.response.status, 500);
    }

    void routesAreListedInRegistrationOrder() {
        Router router;
        Seen seen;
        router.add("GET", "/b", recorder(seen, "b"));
        router.add("POST", "/a/{id}", recorder(seen, "a"));
        const auto routes = router.routes();
        QCOMPARE(routes.size(), std::size_t{2});
        QCOMPARE(routes[0], std::make_pair(std::string("GET"), std::string("/b")));
        QCOMPARE(routes[1], std::make_pair(std::string("POST"), std::string("/a/{id}")));
    }

    void queryParamsAreDecoded() {
        HttpRequest r = makeRequest("GET", "/s?a=1&name=hello+world&c=%41%2f%zz&flag&empty=&a=2&sp%61ce=x&pct=100%");
        QCOMPARE(r.queryParam("a"), std::string("1"));  // first occurrence wins
        QCOMPARE(r.queryParam("name"), std::string("hello world"));
        QCOMPARE(r.queryParam("c"), std::string("A/%zz"));  // bad escapes stay literal
        QCOMPARE(r.queryParam("flag"), std::string());
        QCOMPARE(r.queryParam("empty"), std::string());
        QCOMPARE(r.queryParam("space"), std::string("x"));  // keys are decoded too
        QCOMPARE(r.queryParam("pct"), std::string("100%"));
        QCOMPARE(r.queryParam("missing"), std::string());
        QCOMPARE(makeRequest("GET", "/s").queryParam("a"), std::string());
    }

    void headersAreCaseInsensitive() {
        HttpRequest r;
        r.headers["Content-Type"] = "application/json";
        r.headers["x-correlation-id"] = "abc";
        QCOMPARE(r.header("content-type"), std::string("application/json"));
        QCOMPARE(r.header("X-CORRELATION-ID"), std::string("abc"));
        QCOMPARE(r.header("Accept"), std::string());
        r.headers["CONTENT-TYPE"] = "text/plain";  // same key
        QCOMPARE(r.headers.size(), std::size_t{2});

        paydesk::http::CaseInsensitiveLess less;
        QVERIFY(less("abc", "ABD"));
        QVERIFY(!less("ABC", "abc"));
        QVERIFY(!less("abc", "ABC"));
        QVERIFY(less("ab", "abc"));
    }

    void paramReturnsCaptureOrEmpty() {
        HttpRequest r;
        r.pathParams["id"] = "7";
        QCOMPARE(r.param("id"), std::string("7"));
        QCOMPARE(r.param("other"), std::string());
    }

    void errorResponseMergesExtra() {
        const HttpResponse e = HttpResponse::error(422, "VALIDATION_ERROR", "amount must be positive",
                                                   {{"field", "amount"}, {"code", "ignored"}});
        QCOMPARE(e.status, 422);
        QCOMPARE(e.contentType, std::string("application/json"));
        const auto body = nlohmann::json::parse(e.body);
        QCOMPARE(body["code"], nlohmann::json("VALIDATION_ERROR"));  // extra cannot override the contract
        QCOMPARE(body["message"], nlohmann::json("amount must be positive"));
        QCOMPARE(body["field"], nlohmann::json("amount"));
        QCOMPARE(body.size(), std::size_t{3});

        const HttpResponse j = HttpResponse::json(201, {{"id", 5}});
        QCOMPARE(j.status, 201);
        QCOMPARE(j.body, std::string(R"({"id":5})"));

        HttpResponse t = HttpResponse::text(200, "a,b", "text/csv");
        t.header("Content-Disposition", "attachment");
        QCOMPARE(t.contentType, std::string("text/csv"));
        QCOMPARE(t.headers.size(), std::size_t{1});
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_Router.moc"
