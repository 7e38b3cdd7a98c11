#include <QTemporaryDir>
#include <QtTest>

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "http/Router.h"
#include "service/Application.h"
#include "service/ServerConfig.h"

using namespace paydesk;

namespace {

using Operation = std::pair<std::string, std::string>;  // (lower-case method, path pattern)

// The operations under `paths:` of docs/openapi.yaml, read line by line: a path is a line
// "  /...:" and an operation "    get:" (post, put, patch, delete) below it. The document keeps
// this shape on purpose, so that no YAML library is needed here.
std::set<Operation> documentedOperations(std::string& problem) {
    std::ifstream in(std::string(PAYDESK_SOURCE_DIR) + "/docs/openapi.yaml");
    if (!in) {
        problem = "cannot open docs/openapi.yaml";
        return {};
    }
    const std::regex pathLine(R"(^  (/[^:\s]*):\s*$)");
    const std::regex methodLine(R"(^    (get|post|put|patch|delete|head|options):\s*$)");
    const std::regex topLevel(R"(^[A-Za-z_][A-Za-z0-9_]*:)");
    std::set<Operation> out;
    bool inPaths = false;
    std::string currentPath;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::smatch m;
        if (std::regex_search(line, topLevel)) {
            inPaths = line.rfind("paths:", 0) == 0;
            currentPath.clear();
            continue;
        }
        if (!inPaths) continue;
        if (std::regex_match(line, m, pathLine)) {
            currentPath = m[1];
        } else if (std::regex_match(line, m, methodLine)) {
            if (currentPath.empty()) {
                problem = "an operation outside a path: " + line;
                return {};
            }
            if (!out.emplace(m[1], currentPath).second) {
                problem = "documented twice: " + std::string(m[1]) + " " + currentPath;
                return {};
            }
        }
    }
    return out;
}

std::set<Operation> registeredOperations() {
    QTemporaryDir tmp;
    service::ServerConfig config;
    config.dataDir = tmp.path().toStdString();
    // Constructing the application starts nothing; the router it fills is the one start() serves.
    service::Application app(config);
    std::set<Operation> out;
    for (const auto& [method, pattern] : app.routesForDocumentation().routes()) {
        std::string lower = method;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.emplace(lower, pattern);
    }
    return out;
}

std::string describe(const std::set<Operation>& ops) {
    std::string s;
    for (const auto& [m, p] : ops) s += "\n    " + m + " " + p;
    return s;
}

}  // namespace

// docs/openapi.yaml documents exactly the routes paydeskd registers: a route added without its
// documentation, or documentation of a route that does not exist, fails here.
class TestOpenApiRoutes : public QObject {
    Q_OBJECT

private slots:
    void documentIsOpenApi303() {
        std::ifstream in(std::string(PAYDESK_SOURCE_DIR) + "/docs/openapi.yaml");
        QVERIFY(in.good());
        std::string first;
        std::getline(in, first);
        QCOMPARE(first, std::string("openapi: 3.0.3"));
    }

    void routerListsWhatWasAdded() {
        http::Router router;
        router.add("GET", "/a/{id}", [](http::HttpRequest&&, const http::Responder&) {});
        router.add("POST", "/a", [](http::HttpRequest&&, const http::Responder&) {});
        const auto routes = router.routes();
        QCOMPARE(routes.size(), std::size_t(2));
        QCOMPARE(routes[0].first, std::string("GET"));
        QCOMPARE(routes[0].second, std::string("/a/{id}"));
        QCOMPARE(routes[1].first, std::string("POST"));
    }

    void everyRegisteredRouteIsDocumented() {
        std::string problem;
        const auto documented = documentedOperations(problem);
        QVERIFY2(problem.empty(), problem.c_str());
        const auto registered = registeredOperations();
        QVERIFY(registered.size() >= 20);
        std::set<Operation> missing;
        for (const auto& op : registered) {
            if (documented.count(op) == 0) missing.insert(op);
        }
        QVERIFY2(missing.empty(), ("registered but not in docs/openapi.yaml:" + describe(missing)).c_str());
    }

    void everyDocumentedRouteIsRegistered() {
        std::string problem;
        const auto documented = documentedOperations(problem);
        QVERIFY2(problem.empty(), problem.c_str());
        const auto registered = registeredOperations();
        std::set<Operation> extra;
        for (const auto& op : documented) {
            if (registered.count(op) == 0) extra.insert(op);
        }
        QVERIFY2(extra.empty(), ("in docs/openapi.yaml but not registered:" + describe(extra)).c_str());
    }
};

QTEST_GUILESS_MAIN(TestOpenApiRoutes)
#include "tst_OpenApiRoutes.moc"
