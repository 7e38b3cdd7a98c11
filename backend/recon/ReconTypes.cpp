#include "recon/ReconTypes.h"

#include <array>
#include <cassert>

namespace paydesk::recon {

namespace {

constexpr std::array<std::string_view, 6> kOutcomes = {"MATCHED",          "AMOUNT_MISMATCH", "UNMATCHED_BANK",
                                                       "UNMATCHED_SYSTEM", "DUPLICATE",       "AWAITING"};
constexpr std::array<std::string_view, 8> kKinds = {"NONE", "REFERENCE", "BATCH", "AMOUNT_DATE", "SUBSET", "SUGGESTION", "MANUAL", "COUNTERPART"};

}  // namespace

std::string_view toString(Outcome outcome) { return kOutcomes.at(static_cast<std::size_t>(outcome)); }

std::string_view toString(MatchKind kind) { return kKinds.at(static_cast<std::size_t>(kind)); }

std::string_view toString(ItemKind kind) { return kind == ItemKind::Payment ? "payment" : "batch"; }

std::optional<Outcome> parseOutcome(std::string_view text) {
    for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
        if (kOutcomes[i] == text) return static_cast<Outcome>(i);
    }
    return std::nullopt;
}

std::uint32_t ExpectedSet::merchantIndex(std::string_view merchant) {
    auto it = merchantLookup.find(std::string(merchant));
    if (it != merchantLookup.end()) return it->second;
    const auto index = static_cast<std::uint32_t>(merchants.size());
    merchants.emplace_back(merchant);
    merchantLookup.emplace(std::string(merchant), index);
    return index;
}

std::uint8_t ExpectedSet::statusIndex(std::string_view status) {
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        if (statuses[i] == status) return static_cast<std::uint8_t>(i);
    }
    // Statuses are a handful of fixed words; more than 255 distinct ones is a bug upstream.
    assert(statuses.size() < 255);
    statuses.emplace_back(status);
    return static_cast<std::uint8_t>(statuses.size() - 1);
}

}  // namespace paydesk::recon
