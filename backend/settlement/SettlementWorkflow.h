#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/Clock.h"
#include "core/Error.h"
#include "admin/OperatorAuth.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::settlement {

// The decisions on a closed batch, each one transaction: lock the batch row, check the state
// (refused INVALID_STATE) and the four-eyes rule (refused MAKER_CHECKER: whoever closed a batch can
// neither approve nor reject it), change the state, write the ledger entries and events, audit;
// returns the batch as it is afterwards.
// Roles are checked by the API before any of this runs.
//
// Ledger (all in the batch's currency, reference = batch id):
//   approve  FEE        Dr merchant:<m>:payable          Cr revenue:fees                   fee
//            CARRY_IN   Dr merchant:<m>:payable          Cr merchant:<m>:carried           -carry_in
//            PAYOUT     Dr merchant:<m>:payable          Cr merchant:<m>:payout_pending    net      (net > 0)
//            CARRY_OUT  Dr merchant:<m>:carried          Cr merchant:<m>:payable           -net     (net < 0)
//   paid     PAYOUT_PAID Dr merchant:<m>:payout_pending  Cr bank:settlement                payout
// Zero amounts write no entry. See docs/SETTLEMENT.md for why these leave exactly the batch's
// net on the day's payable.
class SettlementWorkflow {
public:
    explicit SettlementWorkflow(const Clock& clock) : clock_(clock) {}

    Result<nlohmann::json> approve(store::DbConnection& conn, const std::string& batchId,
                                   const operators::Operator& who, const std::string& correlationId);
    Result<nlohmann::json> reject(store::DbConnection& conn, const std::string& batchId, const std::string& reason,
                                  const operators::Operator& who, const std::string& correlationId);
    Result<nlohmann::json> reopen(store::DbConnection& conn, const std::string& batchId, const operators::Operator& who,
                                  const std::string& correlationId);
    Result<nlohmann::json> markPaid(store::DbConnection& conn, const std::string& batchId,
                                    const std::string& bankReference, const operators::Operator& who,
                                    const std::string& correlationId);

private:
    const Clock& clock_;
};

}  // namespace paydesk::settlement
