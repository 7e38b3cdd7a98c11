#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace paydesk::webhooks {

struct ThrottleOptions {
    std::size_t maxInFlight = 32;            // deliveries in flight, all endpoints together
    std::size_t maxInFlightPerEndpoint = 4;  // for an endpoint that answers
    std::chrono::milliseconds initialBackoff{500};
    std::chrono::milliseconds maxBackoff{60'000};
};

// Decides which endpoint may get another delivery now, so that no endpoint can take the delivery
// capacity of the others:
//  - at most maxInFlight deliveries in flight in total, and maxInFlightPerEndpoint per endpoint;
//  - an endpoint whose last delivery failed (error status, refused, timed out) is backed off:
//    nothing is sent to it before initialBackoff · 2^(failures-1) (capped at maxBackoff) has
//    passed, and then only one delivery at a time probes it, until one succeeds.
// A black-hole endpoint therefore holds at most maxInFlightPerEndpoint slots for one timeout, then
// one slot now and then. Not thread-safe: its owner serializes the calls.
class EndpointThrottle {
public:
    using time_point = std::chrono::steady_clock::time_point;
    enum class Outcome { Succeeded, Failed, Abandoned };  // Abandoned: cancelled, says nothing about the endpoint

    explicit EndpointThrottle(ThrottleOptions options) : options_(options) {}

    // True, and counted in flight, when one more delivery to `endpoint` may start at `now`.
    bool tryStart(const std::string& endpoint, time_point now);
    void finish(const std::string& endpoint, Outcome outcome, time_point now);

    [[nodiscard]] bool full() const { return inFlight_ >= options_.maxInFlight; }
    [[nodiscard]] std::size_t inFlight() const { return inFlight_; }
    [[nodiscard]] std::size_t inFlight(const std::string& endpoint) const;
    // Endpoints that cannot take a delivery at `now` (at their limit or backing off).
    [[nodiscard]] std::vector<std::string> unavailable(time_point now) const;
    // How long `endpoint` is still backed off at `now` (zero when it is not).
    [[nodiscard]] std::chrono::milliseconds backoffLeft(const std::string& endpoint, time_point now) const;

private:
    struct State {
        std::size_t inFlight = 0;
        int failures = 0;  // consecutive
        time_point retryAt{};
    };
    [[nodiscard]] bool available(const State& s, time_point now) const;

    const ThrottleOptions options_;
    std::unordered_map<std::string, State> endpoints_;
    std::size_t inFlight_ = 0;
};

}  // namespace paydesk::webhooks
