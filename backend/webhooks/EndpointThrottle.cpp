#include "webhooks/EndpointThrottle.h"

#include <algorithm>
#include <cassert>

namespace paydesk::webhooks {

bool EndpointThrottle::available(const State& s, time_point now) const {
    if (s.failures == 0) return s.inFlight < options_.maxInFlightPerEndpoint;
    return s.inFlight == 0 && now >= s.retryAt;  // backing off, then one probe at a time
}

bool EndpointThrottle::tryStart(const std::string& endpoint, time_point now) {
    if (full()) return false;
    auto it = endpoints_.find(endpoint);
    if (it != endpoints_.end() && !available(it->second, now)) return false;
    if (it == endpoints_.end()) it = endpoints_.emplace(endpoint, State{}).first;
    ++it->second.inFlight;
    ++inFlight_;
    return true;
}

void EndpointThrottle::finish(const std::string& endpoint, Outcome outcome, time_point now) {
    auto it = endpoints_.find(endpoint);
    assert(it != endpoints_.end() && it->second.inFlight > 0 && inFlight_ > 0);
    if (it == endpoints_.end() || it->second.inFlight == 0) return;
    State& s = it->second;
    --s.inFlight;
    --inFlight_;
    if (outcome == Outcome::Succeeded) {
        s.failures = 0;
    } else if (outcome == Outcome::Failed) {
        s.failures = std::min(s.failures + 1, 30);
        auto backoff = options_.initialBackoff;
        for (int i = 1; i < s.failures && backoff < options_.maxBackoff; ++i) backoff *= 2;
        s.retryAt = std::max(s.retryAt, now + std::min(backoff, options_.maxBackoff));
    }
    if (s.inFlight == 0 && s.failures == 0) endpoints_.erase(it);  // healthy and idle: nothing to remember
}

std::size_t EndpointThrottle::inFlight(const std::string& endpoint) const {
    const auto it = endpoints_.find(endpoint);
    return it == endpoints_.end() ? 0 : it->second.inFlight;
}

std::vector<std::string> EndpointThrottle::unavailable(time_point now) const {
    std::vector<std::string> out;
    for (const auto& [id, s] : endpoints_) {
        if (!available(s, now)) out.push_back(id);
    }
    return out;
}

std::chrono::milliseconds EndpointThrottle::backoffLeft(const std::string& endpoint, time_point now) const {
    const auto it = endpoints_.find(endpoint);
    if (it == endpoints_.end() || it->second.failures == 0 || now >= it->second.retryAt)
        return std::chrono::milliseconds(0);
    return std::chrono::ceil<std::chrono::milliseconds>(it->second.retryAt - now);
}

}  // namespace paydesk::webhooks
