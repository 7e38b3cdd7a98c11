#pragma once

#include <string>
#include <vector>

#include "ChaosAudit.h"
#include "ChaosConfig.h"

namespace paydesk::chaos {

// The faults paychaos knows, in the order a full run takes them.
const std::vector<std::string>& scenarioNames();

struct ScenarioResult {
    std::string name;
    std::string fault;  // what was done, for the table
    std::string load;
    AuditResult audit;
    std::string timeTo503;       // seconds, or "—"
    std::string timeToRecovery;  // seconds (median / max over cycles), or "not recovered"
    std::int64_t answered503 = 0;
    double slowestAnswerSeconds = 0;
    bool recovered = true;
    std::string error;  // the scenario could not run at all
    [[nodiscard]] bool passed() const { return error.empty() && recovered && audit.clean(); }
};

// Runs one scenario on a fresh data folder: start paydeskd, load, fault, recovery, load, audit.
ScenarioResult runScenario(const ChaosConfig& config, const std::string& name);

// The Markdown table (and each failed scenario's findings below it).
std::string markdownTable(const std::vector<ScenarioResult>& results);

}  // namespace paydesk::chaos
