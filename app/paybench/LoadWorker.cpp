#include "LoadWorker.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cmath>

namespace paydesk::bench {

namespace asio = boost::asio;

LoadWorker::LoadWorker(const BenchConfig& config, const RequestFactory& requests,
                       asio::ip::tcp::resolver::results_type endpoints, unsigned index, unsigned workerCount,
                       int connections, std::size_t maxBacklog, LiveCounters& live)
    : keepRunning_(asio::make_work_guard(io_)),
      config_(config),
      requests_(requests),
      endpoints_(std::move(endpoints)),
      index_(index),
      workerCount_(workerCount),
      connectionCount_(connections),
      maxBacklog_(std::max<std::size_t>(maxBacklog, 1)),
      live_(live),
      tickTimer_(io_),
      drainTimer_(io_) {}

LoadWorker::~LoadWorker() = default;

void LoadWorker::run() {
    const auto timeout =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(config_.timeoutSeconds));
    for (int i = 0; i < connectionCount_; ++i) {
        connections_.push_back(std::make_unique<ClientConnection>(io_, *this, requests_, endpoints_, timeout));
    }
    for (auto& c : connections_) c->connect();
    io_.run();
}

void LoadWorker::begin(const RunSchedule& schedule) {
    asio::post(io_, [this, schedule] {
        if (finished_) return;
        schedule_ = schedule;
        nextSequence_ = index_;
        if (nextSequence_ >= schedule_.total) {
            scheduleDone_ = true;
            return maybeFinish();
        }
        tickTimer_.expires_at(dueAt(nextSequence_));
        tickTimer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick();
        });
    });
}

void LoadWorker::abort() {
    asio::post(io_, [this] { finish(); });
}

LoadWorker::Clock::time_point LoadWorker::dueAt(std::uint64_t sequence) const {
    // Computed from the start each time, never accumulated, so rounding cannot drift the rate.
    const double seconds = static_cast<double>(sequence) / schedule_.rate;
    return schedule_.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

void LoadWorker::tick() {
    if (finished_) return;
    const auto now = Clock::now();
    // Everything that has fallen due since the last wake-up, each with its own exact due time.
    while (nextSequence_ < schedule_.total) {
        const auto due = dueAt(nextSequence_);
        if (due > now) break;
        Iteration it;
        it.sequence = nextSequence_;
        it.scheduled = due;
        it.stepDue = due;
        it.measured = due >= schedule_.measureStart;
        nextSequence_ += workerCount_;
        if (it.measured)
            ++stats_.scheduled;
        else
            ++stats_.warmupScheduled;
        if (backlog_.size() >= maxBacklog_) {
            if (it.measured) ++stats_.dropped;
            live_.dropped.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        backlog_.push_back(std::move(it));
    }
    stats_.maxBacklogSeen = std::max<std::uint64_t>(stats_.maxBacklogSeen, backlog_.size());
    dispatch();
    if (nextSequence_ < schedule_.total) return armTick(now);
    scheduleDone_ = true;
    drainTimer_.expires_at(schedule_.measureEnd + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(config_.drainSeconds)));
    drainTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) finish();
    });
    maybeFinish();
}

void LoadWorker::armTick(Clock::time_point now) {
    // Wake exactly when the next iteration is due, but at high rates no more often than the tick:
    // those due meanwhile go out together, each still measured from its own due time.
    const auto next = std::max(dueAt(nextSequence_), now + std::chrono::microseconds(config_.tickMicros));
    tickTimer_.expires_at(next);
    tickTimer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) tick();
    });
}

void LoadWorker::dispatch() {
    while (!backlog_.empty() && !idle_.empty()) {
        ClientConnection* c = idle_.front();
        idle_.pop_front();
        Iteration it = std::move(backlog_.front());
        backlog_.pop_front();
        ++inFlight_;
        c->send(std::move(it));
    }
}

void LoadWorker::onConnected(ClientConnection&) {
    live_.connected.fetch_add(1, std::memory_order_relaxed);
}

void LoadWorker::onDisconnected(ClientConnection&) {
    live_.connected.fetch_sub(1, std::memory_order_relaxed);
}

void LoadWorker::onReady(ClientConnection& connection) {
    if (finished_) return;
    idle_.push_back(&connection);
    dispatch();
}

void LoadWorker::onConnectFailed(ClientConnection&, const std::string& what) {
    ++stats_.connectFailures;
    // Not tied to a request, but a server refusing connections must show in the report.
    ++stats_.connectionErrors["connect (no request lost): " + what];
}

void LoadWorker::onSending(ClientConnection&, const Iteration& iteration) {
    live_.sent.fetch_add(1, std::memory_order_relaxed);
    if (!iteration.measured) return;
    ++stats_.steps[iteration.step].sent;
    if (iteration.step == 0) stats_.sendDelay.record(Clock::now() - iteration.scheduled);
}

bool LoadWorker::onAnswer(ClientConnection&, Iteration& iteration, const RequestFactory::Response& response) {
    const auto now = Clock::now();
    const RequestFactory::Verdict v = requests_.judge(iteration, response);
    live_.answered.fetch_add(1, std::memory_order_relaxed);
    if (!v.ok) live_.failed.fetch_add(1, std::memory_order_relaxed);
    if (inWindow(now)) {
        ++stats_.responsesInWindow;
        if (v.ok) ++stats_.okResponsesInWindow;
    }
    if (iteration.measured) {
        auto& step = stats_.steps[iteration.step];
        ++stats_.byHttpStatus[static_cast<int>(response.result_int())];
        if (!v.paymentStatus.empty()) ++stats_.byPaymentStatus[v.paymentStatus];
        if (v.ok) {
            ++step.ok;
            step.latency.record(now - iteration.stepDue);
        } else {
            ++step.failed;
            const std::string code = v.errorCode.empty() ? std::string("(none)") : v.errorCode;
            ++stats_.byErrorCode[std::string(requests_.stepName(iteration.step)) + " " + code];
        }
    }
    if (v.next && iteration.step + 1 < requests_.stepCount()) {
        if (iteration.step == 0) iteration.paymentId = v.paymentId;
        ++iteration.step;
        iteration.stepDue = now;
        return true;
    }
    finishIteration(iteration, v.ok && !v.declined, v.declined, now);
    return false;
}

void LoadWorker::onConnectionLost(ClientConnection&, const Iteration& iteration, const std::string& what) {
    const auto now = Clock::now();
    live_.failed.fetch_add(1, std::memory_order_relaxed);
    if (iteration.measured) {
        ++stats_.steps[iteration.step].failed;
        ++stats_.connectionErrors[std::string(requests_.stepName(iteration.step)) + " " + what];
    }
    finishIteration(iteration, false, false, now);
}

void LoadWorker::finishIteration(const Iteration& iteration, bool ok, bool declined, Clock::time_point now) {
    --inFlight_;
    if (iteration.measured) {
        if (ok) {
            ++stats_.iterationsOk;
            stats_.iterationLatency.record(now - iteration.scheduled);
        } else if (declined) {
            ++stats_.iterationsDeclined;
        } else {
            ++stats_.iterationsFailed;
        }
    }
    if (ok && inWindow(now)) ++stats_.iterationsOkInWindow;
    maybeFinish();
}

void LoadWorker::maybeFinish() {
    if (scheduleDone_ && backlog_.empty() && inFlight_ == 0) finish();
}

void LoadWorker::finish() {
    if (finished_) return;
    finished_ = true;
    for (const auto& it : backlog_) {
        if (it.measured) ++stats_.unfinished;
    }
    backlog_.clear();
    for (auto& c : connections_) {
        if (c->busy() && c->current().measured) ++stats_.unfinished;
        c->stop();
    }
    idle_.clear();
    tickTimer_.cancel();
    drainTimer_.cancel();
    keepRunning_.reset();
    // Handlers still queued (aborted reads and writes) would only find stopped connections.
    io_.stop();
}

}  // namespace paydesk::bench
