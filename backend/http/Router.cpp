#include "http/Router.h"

#include <algorithm>
#include <cassert>
#include <exception>
#include <set>

#include "core/Logger.h"

namespace paydesk::http {

namespace {

constexpr std::string_view kComponent = "http";

// "/a/b" -> {"a", "b"}; "/" -> {}; "/a/" -> {"a", ""} (a trailing slash is a different path).
std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    if (path.empty()) return out;
    while (true) {
        const std::size_t slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool isCapture(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Path segments use plain percent-encoding; unlike a query string, '+' is a literal plus here.
std::string percentDecode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

bool segmentsMatch(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (isCapture(pattern[i])) {
            if (path[i].empty()) return false;
        } else if (pattern[i] != path[i]) {
            return false;
        }
    }
    return true;
}

// True when a is a better match than b for the same path: at the first position where one has a
// literal and the other a capture, the literal wins ("/payments/export" beats "/payments/{id}").
bool moreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    assert(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const bool aCapture = isCapture(a[i]);
        const bool bCapture = isCapture(b[i]);
        if (aCapture != bCapture) return !aCapture;
    }
    return false;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
    assert(!method.empty());
    assert(!pattern.empty() && pattern.front() == '/');
    assert(handler);
    Route route;
    for (std::string_view segment : splitPath(pattern)) route.segments.emplace_back(segment);
#ifndef NDEBUG
    for (const Route& existing : routes_) {
        // Two handlers for one method and shape would make dispatch depend on registration order.
        bool sameShape = existing.method == method && existing.segments.size() == route.segments.size();
        for (std::size_t i = 0; sameShape && i < route.segments.size(); ++i) {
            const bool bothCaptures = isCapture(existing.segments[i]) && isCapture(route.segments[i]);
            sameShape = bothCaptures || existing.segments[i] == route.segments[i];
        }
        assert(!sameShape && "duplicate route");
    }
#endif
    route.method = std::move(method);
    route.pattern = std::move(pattern);
    route.handler = std::move(handler);
    route.options = std::move(options);
    routes_.push_back(std::move(route));
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(routes_.size());
    for (const Route& route : routes_) out.emplace_back(route.method, route.pattern);
    return out;
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): by-value is the public contract in Router.h
void Router::dispatch(HttpRequest&& request, Responder respond) const {
    dispatch(std::move(request), respond, nullptr);
}

const Router::Route* Router::match(std::string_view method, const std::vector<std::string_view>& path,
                                   std::vector<std::string>* allowed) const {
    const Route* best = nullptr;
    for (const Route& route : routes_) {
        if (!segmentsMatch(route.segments, path)) continue;
        if (allowed != nullptr) allowed->push_back(route.method);
        if (route.method != method) continue;
        if (best == nullptr || moreSpecific(route.segments, best->segments)) best = &route;
    }
    return best;
}

const RouteOptions* Router::optionsFor(std::string_view method, std::string_view path) const {
    const Route* route = match(method, splitPath(path), nullptr);
    return route == nullptr ? nullptr : &route->options;
}

void Router::dispatch(HttpRequest&& request, const Responder& respond, std::string* matchedRoute) const {
    assert(respond);
    const std::vector<std::string_view> path = splitPath(request.path);
    const Route* best = match(request.method, path, nullptr);

    if (best == nullptr) {
        // Only now the methods of every route whose pattern matches, for 405's Allow.
        std::vector<std::string> methods;
        (void)match(request.method, path, &methods);
        const std::set<std::string> allowed(methods.begin(), methods.end());
        if (matchedRoute != nullptr) *matchedRoute = kUnmatchedRoute;
        if (allowed.empty()) {
            respond(HttpResponse::error(404, "NOT_FOUND", "no route for " + request.method + " " + request.path));
            return;
        }
        std::string allow;
        for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
        respond(
            HttpResponse::error(405, "METHOD_NOT_ALLOWED",
                                request.method + " is not allowed for " + request.path + " (allowed: " + allow + ")")
                .header("Allow", allow));
        return;
    }

    request.pathParams.clear();
    for (std::size_t i = 0; i < best->segments.size(); ++i) {
        const std::string& segment = best->segments[i];
        if (isCapture(segment)) request.pathParams[segment.substr(1, segment.size() - 2)] = percentDecode(path[i]);
    }
    request.route = best->pattern;
    if (matchedRoute != nullptr) *matchedRoute = best->pattern;

    // The handler gets its own copy of the responder so that this one can still answer the 500
    // when the handler throws; a handler that responded and then threw is answered once only,
    // because the server ignores the second call.
    try {
        best->handler(std::move(request), respond);
    } catch (const std::exception& e) {
        Logger::error(kComponent, "handler threw",
                      {{"route", best->pattern}, {"method", best->method}, {"error", e.what()}});
        respond(HttpResponse::error(500, "INTERNAL_ERROR", "internal error"));
    } catch (...) {
        // Not derived from std::exception: nothing to log but the fact; still never let it reach
        // the I/O loop, where it would take down a server thread.
        Logger::error(kComponent, "handler threw a non-standard exception",
                      {{"route", best->pattern}, {"method", best->method}});
        respond(HttpResponse::error(500, "INTERNAL_ERROR", "internal error"));
    }
}

}  // namespace paydesk::http
