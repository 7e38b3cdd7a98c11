#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace paydesk::bench {

// One scheduled unit of work: a single request, or a whole authorize → capture → refund flow whose
// steps are sent one after another on the same connection (like one k6 iteration on one VU).
struct Iteration {
    using Clock = std::chrono::steady_clock;

    std::uint64_t sequence = 0;   // global, unique within the run; names the idempotency key
    Clock::time_point scheduled;  // when the open-loop schedule said the first step must be sent
    Clock::time_point stepDue;    // when the current step became due: scheduled, or the previous answer
    std::size_t step = 0;
    bool measured = false;  // scheduled inside the measured window
    std::string paymentId;  // from the authorize answer, for the later steps
};

}  // namespace paydesk::bench
