#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace paydesk::bench {

enum class Scenario { Authorize, Flow, Health };

std::string_view scenarioName(Scenario s);
// Requests per iteration (3 for a flow) and what each is called in reports.
std::size_t stepCount(Scenario s);
std::string_view stepName(Scenario s, std::size_t step);

// Everything one run needs; filled from the command line by main.cpp.
struct BenchConfig {
    // Target (from --url).
    std::string url = "http://127.0.0.1:8080";
    std::string host = "127.0.0.1";
    std::string port = "8080";
    std::string basePath;  // prefix of every request target, usually empty

    // Merchant credentials (from --credentials or --merchant/--api-key/--secret).
    std::string merchantId;
    std::string apiKey;
    std::string secret;

    Scenario scenario = Scenario::Authorize;
    double rate = 1000;           // iterations (requests, or flows) scheduled per second
    double durationSeconds = 30;  // measured window
    double warmupSeconds = 5;     // scheduled and sent before the window, never counted
    int connections = 64;
    int threads = 2;
    std::string currency = "KRW";
    std::int64_t amount = 1000;
    std::string card;  // optional card number in authorize bodies
    std::string cardExpiry = "12/30";

    double timeoutSeconds = 10;  // a request without an answer by then is a connection error
    double drainSeconds = 15;    // after the schedule ends, how long answers may still arrive
    std::size_t maxBacklog = 0;  // scheduled requests waiting for a connection; 0 = one second's worth
    int tickMicros = 250;        // the scheduler wakes no more often than this (sends are batched)
    bool progress = true;        // one status line a second on stderr

    std::string runId;  // makes idempotency keys unique across runs
};

// Parses http://HOST[:PORT][/PATH] into host, port and basePath; https is not supported (the
// merchant API of a local paydeskd is plain HTTP and TLS would measure OpenSSL, not Paydesk).
bool parseUrl(const std::string& url, BenchConfig& config, std::string& error);

// Reads {merchantId, apiKey, secret} as paydeskd writes it to DIR/demo-credentials.json.
bool loadCredentials(const std::string& path, BenchConfig& config, std::string& error);

// A short random hex id for idempotency keys ("bench-<runId>-<n>").
std::string makeRunId();

}  // namespace paydesk::bench
