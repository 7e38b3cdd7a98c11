#include "recon/ReconMatcher.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <unordered_set>

#include "recon/BankFields.h"

namespace paydesk::recon {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxAmountGroups = 256;  // rule 3: distinct amounts looked at inside the tolerance

bool tokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::int32_t absDays(std::int32_t a, std::int32_t b) { return a > b ? a - b : b - a; }

// Amount arithmetic saturates at the int64 limits. Parsed statements stay within
// kMaxStatementAmount, but the matcher takes any BankStatement and ExpectedSet: a bound that
// saturates only widens or narrows a search that nothing real can satisfy, where a wrapped one
// would search the wrong end of the index.
std::int64_t plus(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out))
        return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return out;
}

std::int64_t minus(std::int64_t a, std::int64_t b) {
    std::int64_t out = 0;
    if (__builtin_sub_overflow(a, b, &out))
        return b < 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return out;
}

// |a|, with |INT64_MIN| saturated.
std::int64_t absAmount(std::int64_t a) {
    if (a == std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::max();
    return a < 0 ? -a : a;
}

// |a - b| without overflow.
std::int64_t amountGap(std::int64_t a, std::int64_t b) {
    return absAmount(minus(a, b));
}

json reason(const std::string& field, const std::string& message) { return json{{"field", field}, {"message", message}}; }

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

}  // namespace

ReconMatcher::ReconMatcher(const BankStatement& statement, const ExpectedSet& expected, ReconOptions options)
    : statement_(statement),
      expected_(expected),
      options_(std::move(options)),
      ids_(expected.items.size() * 2 + 1, ItemKey{&expected}) {
    // Payloads are item * 2 + 1 at most, and kNone is reserved.
    assert(expected_.items.size() < (std::size_t{1} << 31));
    assert(statement_.lines.size() < kNone);
}

void ReconMatcher::forEachToken(std::string_view text, const std::function<void(std::string_view)>& visit) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !tokenChar(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && tokenChar(text[i])) ++i;
        const std::size_t length = i - start;
        if (length >= 4 && length <= 64) visit(text.substr(start, length));
    }
}

bool ReconMatcher::idShaped(std::string_view token, const std::vector<std::string>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& prefix) { return token.size() > prefix.size() && token.substr(0, prefix.size()) == prefix; });
}

std::vector<std::string> ReconMatcher::unknownReferences(const BankStatement& statement, const ExpectedSet& expected,
                                                         const ReconOptions& options, std::size_t max) {
    IdIndex<ItemKey> index(expected.items.size() * 2 + 1, ItemKey{&expected});
    for (std::uint32_t i = 0; i < expected.items.size(); ++i) {
        index.insert(expected.text.view(expected.items[i].id), i * 2);
        if (!expected.items[i].altId.empty()) index.insert(expected.text.view(expected.items[i].altId), i * 2 + 1);
    }
    std::unordered_set<std::string_view> seen;
    std::vector<std::string> out;
    auto visit = [&](std::string_view token) {
        if (out.size() >= max || !idShaped(token, options.idPrefixes) || index.find(token) != kNone) return;
        if (seen.insert(token).second) out.emplace_back(token);
    };
    for (const BankLine& line : statement.lines) {
        if (out.size() >= max) break;
        forEachToken(statement.text.view(line.reference), visit);
        forEachToken(statement.text.view(line.memo), visit);
    }
    return out;
}

bool ReconMatcher::inWindow(std::int32_t lineDay, std::int32_t itemDay, int extraDays) const {
    const std::int32_t delta = lineDay - itemDay;
    const int window = options_.settings.dateWindowDays + extraDays;
    return delta >= -window && delta <= options_.settings.settlementLagDays + window;
}

bool ReconMatcher::open(std::uint32_t line) const {
    const LineResult& r = lines_[line];
    return !r.matched() && r.why == static_cast<std::uint8_t>(Why::None) && r.proposalKind == MatchKind::None &&
           statement_.lines[line].amount > 0;
}

void ReconMatcher::claim(std::uint32_t line, std::uint32_t item, MatchKind kind, std::uint8_t score) {
    assert(claimedBy_[item] == kNone);
    const ExpectedItem& it = expected_.items[item];
    LineResult& r = lines_[line];
    claimedBy_[item] = line;
    r.target = item;
    r.kind = kind;
    r.score = score;
    r.outcome = statement_.lines[line].amount == it.amount ? Outcome::Matched : Outcome::AmountMismatch;
}

std::uint32_t ReconMatcher::nextFree(std::uint32_t position) {
    const auto n = static_cast<std::uint32_t>(byAmount_.size());
    for (;;) {
        // Find with path halving.
        while (nextFree_[position] != position) {
            nextFree_[position] = nextFree_[nextFree_[position]];
            position = nextFree_[position];
        }
        if (position == n || free(byAmount_[position])) return position;
        nextFree_[position] = position + 1;  // taken since: skip it from now on
    }
}

std::uint32_t ReconMatcher::prevFree(std::uint32_t slot) {
    // Slots are positions + 1; slot 0 is the "nothing before" sentinel.
    for (;;) {
        while (prevFree_[slot] != slot) {
            prevFree_[slot] = prevFree_[prevFree_[slot]];
            slot = prevFree_[slot];
        }
        if (slot == 0 || free(byAmount_[slot - 1])) return slot;
        prevFree_[slot] = slot - 1;
    }
}

void ReconMatcher::buildIndexes() {
    const std::size_t count = expected_.items.size();
    claimedBy_.assign(count, kNone);
    reserved_.assign(count, false);
    lines_.assign(statement_.lines.size(), LineResult{});
    for (std::uint32_t i = 0; i < count; ++i) {
        const ExpectedItem& item = expected_.items[i];
        ids_.insert(expected_.text.view(item.id), i * 2);
        if (!item.altId.empty()) ids_.insert(expected_.text.view(item.altId), i * 2 + 1);
        if (item.readiness != Readiness::Ready || item.amount <= 0) continue;
        if (item.priorLineId != 0) {
            if (item.kind == ItemKind::Payment) prior_.push_back(i);
            continue;
        }
        if (item.kind == ItemKind::Payment) byAmount_.push_back(i);
        else batches_.push_back(i);
    }
    const auto& items = expected_.items;
    auto byAmountDay = [&items](std::uint32_t a, std::uint32_t b) {
        const ExpectedItem& x = items[a];
        const ExpectedItem& y = items[b];
        if (x.amount != y.amount) return x.amount < y.amount;
        if (x.day != y.day) return x.day < y.day;
        return a < b;
    };
    std::sort(byAmount_.begin(), byAmount_.end(), byAmountDay);
    std::sort(batches_.begin(), batches_.end(), byAmountDay);
    std::sort(prior_.begin(), prior_.end(), byAmountDay);
    byDay_ = byAmount_;
    std::sort(byDay_.begin(), byDay_.end(), [&items](std::uint32_t a, std::uint32_t b) {
        const ExpectedItem& x = items[a];
        const ExpectedItem& y = items[b];
        if (x.day != y.day) return x.day < y.day;
        if (x.amount != y.amount) return x.amount < y.amount;
        return a < b;
    });
    nextFree_.resize(byAmount_.size() + 1);
    std::iota(nextFree_.begin(), nextFree_.end(), 0U);
    prevFree_.resize(byAmount_.size() + 1);
    std::iota(prevFree_.begin(), prevFree_.end(), 0U);
}

void ReconMatcher::run() {
    buildIndexes();
    ruleReference();
    ruleBatch();
    ruleAmountDate();
    ruleDuplicates();
    ruleSubset();
    ruleSuggestion();
    finish();
}

void ReconMatcher::ruleReference() {
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        const BankLine& line = statement_.lines[l];
        LineResult& r = lines_[l];
        std::uint32_t found = kNone;
        TextRef unresolved;
        auto consider = [&](TextRef source, std::string_view token) {
            if (found != kNone) return;
            const std::uint32_t payload = ids_.find(token);
            if (payload != kNone) {
                found = payload >> 1;
                return;
            }
            if (unresolved.empty() && idShaped(token)) {
                const std::string_view whole = statement_.text.view(source);
                unresolved = TextRef{source.offset + static_cast<std::uint32_t>(token.data() - whole.data()),
                                     static_cast<std::uint32_t>(token.size())};
            }
        };
        if (!line.reference.empty()) {
            const std::string_view ref = statement_.text.view(line.reference);
            forEachToken(ref, [&](std::string_view t) { consider(line.reference, t); });
            // Anything in the reference column is meant as a reference, id-shaped or not.
            if (found == kNone) unresolved = line.reference;
        }
        if (!line.memo.empty()) {
            forEachToken(statement_.text.view(line.memo), [&](std::string_view t) { consider(line.memo, t); });
        }
        r.unresolved = found == kNone ? unresolved : TextRef{};
        if (found == kNone) {
            if (line.amount < 0) r.why = static_cast<std::uint8_t>(Why::Withdrawal);
            continue;
        }
        const ExpectedItem& item = expected_.items[found];
        r.target = found;
        if (line.amount < 0) {
            r.why = static_cast<std::uint8_t>(Why::WithdrawalRef);
        } else if (item.readiness == Readiness::Dead) {
            r.why = static_cast<std::uint8_t>(Why::DeadItem);
        } else if (item.readiness == Readiness::Early) {
            r.why = static_cast<std::uint8_t>(Why::EarlyItem);
        } else if (claimedBy_[found] != kNone) {
            r.why = static_cast<std::uint8_t>(Why::ClaimedInFile);
            r.related = claimedBy_[found];
        } else if (item.priorLineId != 0) {
            r.why = static_cast<std::uint8_t>(Why::PriorMatch);
        } else {
            claim(l, found, MatchKind::Reference, line.amount == item.amount ? 100 : 80);
            ++stats_.byReference;
        }
    }
}

void ReconMatcher::ruleBatch() {
    if (batches_.empty()) return;
    const auto& items = expected_.items;
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        if (!open(l)) continue;
        const BankLine& line = statement_.lines[l];
        auto lo = std::lower_bound(batches_.begin(), batches_.end(), line.amount,
                                   [&items](std::uint32_t i, std::int64_t a) { return items[i].amount < a; });
        std::uint32_t best = kNone;
        std::int32_t bestDistance = 0;
        for (auto it = lo; it != batches_.end() && items[*it].amount == line.amount; ++it) {
            if (claimedBy_[*it] != kNone || !inWindow(line.day, items[*it].day)) continue;
            const std::int32_t distance = absDays(line.day, items[*it].day + options_.settings.settlementLagDays);
            if (best == kNone || distance < bestDistance) {
                best = *it;
                bestDistance = distance;
            }
        }
        if (best == kNone) continue;
        claim(l, best, MatchKind::Batch, static_cast<std::uint8_t>(std::max(60, 95 - 5 * bestDistance)));
        ++stats_.byBatch;
    }
}

void ReconMatcher::ruleAmountDate() {
    if (byAmount_.empty()) return;
    const auto& items = expected_.items;
    const std::int64_t tolerance = options_.settings.amountTolerance;
    const int lag = options_.settings.settlementLagDays;
    const int window = options_.settings.dateWindowDays;
    auto positionOf = [&](std::int64_t amount, std::int32_t day) {
        auto it = std::lower_bound(byAmount_.begin(), byAmount_.end(), std::pair{amount, day},
                                   [&items](std::uint32_t i, const std::pair<std::int64_t, std::int32_t>& key) {
                                       const ExpectedItem& x = items[i];
                                       return x.amount != key.first ? x.amount < key.first : x.day < key.second;
                                   });
        return static_cast<std::uint32_t>(it - byAmount_.begin());
    };
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        if (!open(l)) continue;
        const BankLine& line = statement_.lines[l];
        std::uint32_t best = kNone;
        std::int64_t bestAmountGap = 0;
        std::int32_t bestDayGap = 0;
        std::uint32_t group = positionOf(minus(line.amount, tolerance), std::numeric_limits<std::int32_t>::min());
        for (std::size_t groups = 0; group < byAmount_.size() && groups < kMaxAmountGroups; ++groups) {
            const std::int64_t amount = items[byAmount_[group]].amount;
            if (amount > plus(line.amount, tolerance)) break;
            const std::uint32_t groupEnd = positionOf(amount, std::numeric_limits<std::int32_t>::max());
            // Inside this amount: days [line - lag - window, line + window]; look on both sides of the line's day.
            const std::uint32_t lo = positionOf(amount, line.day - lag - window);
            const std::uint32_t hi = std::min(groupEnd, positionOf(amount, line.day + window + 1));
            const std::uint32_t centre = positionOf(amount, line.day);
            auto consider = [&](std::uint32_t position) {
                const std::uint32_t item = byAmount_[position];
                const std::int64_t gap = amountGap(items[item].amount, line.amount);
                const std::int32_t dayGap = absDays(line.day, items[item].day);
                if (best == kNone || gap < bestAmountGap || (gap == bestAmountGap && dayGap < bestDayGap)) {
                    best = item;
                    bestAmountGap = gap;
                    bestDayGap = dayGap;
                }
            };
            if (lo < hi) {
                const std::uint32_t after = nextFree(std::max(centre, lo));
                if (after < hi) consider(after);
                const std::uint32_t beforeSlot = prevFree(std::min(centre, hi));  // the last free position < centre
                if (beforeSlot > lo) consider(beforeSlot - 1);
            }
            group = groupEnd;
        }
        if (best == kNone) continue;
        const int score = (bestAmountGap == 0 ? 90 : 70) - 5 * bestDayGap;
        claim(l, best, MatchKind::AmountDate, static_cast<std::uint8_t>(std::clamp(score, 30, 90)));
        ++stats_.byAmountDate;
    }
}

void ReconMatcher::ruleDuplicates() {
    // (a) Rows identical to an earlier row of this file.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> signatures;
    signatures.reserve(lines_.size());
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        const BankLine& b = statement_.lines[l];
        std::uint64_t h = std::hash<std::string_view>{}(statement_.text.view(b.memo));
        h = mix(h, std::hash<std::string_view>{}(statement_.text.view(b.reference)));
        h = mix(h, static_cast<std::uint64_t>(b.amount));
        h = mix(h, static_cast<std::uint64_t>(b.day));
        h = mix(h, static_cast<std::uint64_t>(b.seconds));
        h = mix(h, b.hasBalance ? static_cast<std::uint64_t>(b.balance) : 0x5bd1e995ULL);
        signatures.emplace_back(h, l);
    }
    std::sort(signatures.begin(), signatures.end());
    auto same = [this](std::uint32_t a, std::uint32_t b) {
        const BankLine& x = statement_.lines[a];
        const BankLine& y = statement_.lines[b];
        return x.amount == y.amount && x.day == y.day && x.seconds == y.seconds && x.hasBalance == y.hasBalance &&
               x.balance == y.balance && statement_.text.view(x.memo) == statement_.text.view(y.memo) &&
               statement_.text.view(x.reference) == statement_.text.view(y.reference);
    };
    for (std::size_t i = 0; i < signatures.size();) {
        std::size_t j = i + 1;
        while (j < signatures.size() && signatures[j].first == signatures[i].first) ++j;
        for (std::size_t k = i + 1; k < j; ++k) {
            const std::uint32_t later = signatures[k].second;
            const std::uint32_t first = signatures[i].second;  // lowest index: pairs sort by line index within a hash
            if (open(later) && same(first, later)) {
                lines_[later].why = static_cast<std::uint8_t>(Why::CopyOfLine);
                lines_[later].related = first;
            }
        }
        i = j;
    }
    // (b) The amount matches a payment an earlier import already matched: an overlapping statement.
    if (prior_.empty()) return;
    const auto& items = expected_.items;
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        if (!open(l)) continue;
        const BankLine& line = statement_.lines[l];
        auto it = std::lower_bound(prior_.begin(), prior_.end(), line.amount,
                                   [&items](std::uint32_t i, std::int64_t a) { return items[i].amount < a; });
        for (std::size_t scanned = 0; it != prior_.end() && items[*it].amount == line.amount && scanned < options_.scanLimit; ++it, ++scanned) {
            if (!inWindow(line.day, items[*it].day)) continue;
            lines_[l].why = static_cast<std::uint8_t>(Why::PriorAmount);
            lines_[l].target = *it;
            break;
        }
    }
}

void ReconMatcher::ruleSubset() {
    if (byDay_.empty()) return;
    const auto& items = expected_.items;
    const std::int64_t tolerance = options_.settings.amountTolerance;
    const int lag = options_.settings.settlementLagDays;
    const int window = options_.settings.dateWindowDays;
    std::vector<std::uint32_t> candidates;
    std::vector<std::int64_t> suffix;
    std::vector<std::uint32_t> chosen;
    std::vector<std::uint32_t> best;
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        if (!open(l)) continue;
        if (stats_.subsetSteps >= options_.subsetMaxStepsTotal) {
            stats_.subsetBudgetExhausted = true;
            break;
        }
        const BankLine& line = statement_.lines[l];
        // Candidates: free payments smaller than the deposit, nearest days first, scanning outwards
        // from the line's day within [day - lag - window, day + window].
        candidates.clear();
        const auto centre = static_cast<std::size_t>(
            std::lower_bound(byDay_.begin(), byDay_.end(), line.day, [&items](std::uint32_t i, std::int32_t d) { return items[i].day < d; }) -
            byDay_.begin());
        std::size_t up = centre;
        std::size_t down = centre;
        bool upOpen = true;
        bool downOpen = true;
        for (std::size_t scanned = 0; scanned < options_.scanLimit && (upOpen || downOpen);) {
            if (upOpen) {
                if (up >= byDay_.size() || items[byDay_[up]].day > line.day + window) {
                    upOpen = false;
                } else {
                    const std::uint32_t item = byDay_[up++];
                    ++scanned;
                    if (free(item) && items[item].amount < plus(line.amount, tolerance)) candidates.push_back(item);
                }
            }
            if (downOpen) {
                if (down == 0 || items[byDay_[down - 1]].day < line.day - lag - window) {
                    downOpen = false;
                } else {
                    const std::uint32_t item = byDay_[--down];
                    ++scanned;
                    if (free(item) && items[item].amount < plus(line.amount, tolerance)) candidates.push_back(item);
                }
            }
            if (candidates.size() >= options_.subsetMaxCandidates) break;
        }
        if (candidates.size() < 2) continue;
        // Largest first, so the pruning on the remaining sum bites early.
        std::sort(candidates.begin(), candidates.end(), [&items](std::uint32_t a, std::uint32_t b) {
            return items[a].amount != items[b].amount ? items[a].amount > items[b].amount : a < b;
        });
        suffix.assign(candidates.size() + 1, 0);
        for (std::size_t i = candidates.size(); i-- > 0;) suffix[i] = plus(suffix[i + 1], items[candidates[i]].amount);
        const std::int64_t low = minus(line.amount, tolerance);
        const std::int64_t high = plus(line.amount, tolerance);
        if (suffix[0] < low) continue;
        chosen.clear();
        best.clear();
        std::size_t steps = 0;
        const std::size_t stepLimit = std::min(options_.subsetMaxStepsPerLine, options_.subsetMaxStepsTotal - stats_.subsetSteps);
        // Depth-first include/exclude search; the first subset within the tolerance wins.
        std::function<bool(std::size_t, std::int64_t)> search = [&](std::size_t i, std::int64_t sum) -> bool {
            if (++steps > stepLimit) return false;
            if (chosen.size() >= 2 && amountGap(sum, line.amount) <= tolerance) {
                best = chosen;
                return true;
            }
            if (i == candidates.size() || chosen.size() >= options_.subsetMaxItems) return false;
            if (plus(sum, suffix[i]) < low) return false;  // even everything left is too little
            // A sum past the int64 range is past `high` too: never include, never saturate into range.
            std::int64_t with = 0;
            if (!__builtin_add_overflow(sum, items[candidates[i]].amount, &with) && with <= high) {
                chosen.push_back(candidates[i]);
                if (search(i + 1, with)) return true;
                chosen.pop_back();
            }
            return search(i + 1, sum);
        };
        search(0, 0);
        stats_.subsetSteps += std::min(steps, stepLimit);
        if (best.empty()) continue;
        LineResult& r = lines_[l];
        r.proposalKind = MatchKind::Subset;
        r.proposalBegin = static_cast<std::uint32_t>(proposals_.size());
        r.proposalCount = static_cast<std::uint16_t>(best.size());
        r.proposalScore = static_cast<std::uint8_t>(std::max<int>(40, 75 - 5 * static_cast<int>(best.size())));
        for (std::uint32_t item : best) {
            proposals_.push_back(item);
            reserved_[item] = true;
        }
        ++stats_.subsetProposals;
    }
}

void ReconMatcher::ruleSuggestion() {
    const auto& items = expected_.items;
    const int lag = options_.settings.settlementLagDays;
    const int window = options_.settings.dateWindowDays;
    const int extra = window + 1;  // suggestions look a little further than matches
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        if (!open(l)) continue;
        const BankLine& line = statement_.lines[l];
        const std::int64_t band = std::max(options_.settings.amountTolerance, line.amount / 10);
        const std::string_view memo = statement_.text.view(line.memo);
        std::uint32_t best = kNone;
        int bestScore = -1;
        auto score = [&](std::uint32_t item) {
            const ExpectedItem& it = items[item];
            if (!free(item) || !inWindow(line.day, it.day, extra)) return;
            const std::int64_t gap = amountGap(it.amount, line.amount);
            if (gap > band) return;
            const double amountPart = 60.0 * (1.0 - static_cast<double>(gap) / (static_cast<double>(band) + 1.0));
            const int span = 2 * window + lag + extra + 1;
            const double datePart = 30.0 * (1.0 - static_cast<double>(absDays(line.day, it.day)) / span);
            const std::string& merchant = expected_.merchants[it.merchant];
            const double memoPart = !merchant.empty() && memo.find(merchant) != std::string_view::npos ? 10.0 : 0.0;
            const int s = std::clamp(static_cast<int>(amountPart + datePart + memoPart), 0, 100);
            if (s > bestScore || (s == bestScore && item < best)) {
                best = item;
                bestScore = s;
            }
        };
        if (!byAmount_.empty()) {
            const auto centre = static_cast<std::size_t>(
                std::lower_bound(byAmount_.begin(), byAmount_.end(), line.amount,
                                 [&items](std::uint32_t i, std::int64_t a) { return items[i].amount < a; }) -
                byAmount_.begin());
            std::size_t up = centre;
            std::size_t down = centre;
            for (std::size_t scanned = 0; scanned < options_.scanLimit;) {
                bool progressed = false;
                if (up < byAmount_.size() && items[byAmount_[up]].amount <= plus(line.amount, band)) {
                    score(byAmount_[up++]);
                    ++scanned;
                    progressed = true;
                }
                if (down > 0 && items[byAmount_[down - 1]].amount >= minus(line.amount, band)) {
                    score(byAmount_[--down]);
                    ++scanned;
                    progressed = true;
                }
                if (!progressed) break;
            }
        }
        for (std::size_t i = 0; i < batches_.size() && i < options_.scanLimit; ++i) score(batches_[i]);
        if (best == kNone || bestScore < options_.suggestionMinScore) continue;
        LineResult& r = lines_[l];
        r.proposalKind = MatchKind::Suggestion;
        r.proposalBegin = static_cast<std::uint32_t>(proposals_.size());
        r.proposalCount = 1;
        r.proposalScore = static_cast<std::uint8_t>(bestScore);
        proposals_.push_back(best);
        reserved_[best] = true;
        ++stats_.suggestions;
    }
}

void ReconMatcher::finish() {
    stats_.lines = lines_.size();
    for (std::uint32_t l = 0; l < lines_.size(); ++l) {
        LineResult& r = lines_[l];
        if (r.matched()) {
            if (r.outcome == Outcome::Matched) ++stats_.matched;
            else ++stats_.amountMismatch;
            continue;
        }
        switch (static_cast<Why>(r.why)) {
            case Why::EarlyItem:
                r.outcome = Outcome::Awaiting;
                ++stats_.awaitingLines;
                break;
            case Why::ClaimedInFile:
            case Why::PriorMatch:
            case Why::CopyOfLine:
            case Why::PriorAmount:
                r.outcome = Outcome::Duplicate;
                ++stats_.duplicate;
                break;
            case Why::None:
                r.why = static_cast<std::uint8_t>(Why::NoCandidate);
                [[fallthrough]];
            default:
                r.outcome = Outcome::UnmatchedBank;
                ++stats_.unmatchedBank;
                break;
        }
    }
    for (std::uint32_t i = 0; i < expected_.items.size(); ++i) {
        if (auto o = itemOutcome(i)) {
            if (*o == Outcome::Awaiting) ++stats_.awaitingItems;
            else ++stats_.unmatchedSystem;
        }
    }
}

std::optional<Outcome> ReconMatcher::itemOutcome(std::uint32_t i) const {
    const ExpectedItem& item = expected_.items[i];
    if (!item.expected || item.priorLineId != 0 || item.readiness != Readiness::Ready || item.amount <= 0 || claimedBy_[i] != kNone) {
        return std::nullopt;
    }
    if (statement_.lines.empty()) return std::nullopt;
    return item.day + options_.settings.settlementLagDays > statement_.lastDay ? Outcome::Awaiting : Outcome::UnmatchedSystem;
}

std::string ReconMatcher::noun(std::uint32_t item) const {
    const ExpectedItem& it = expected_.items[item];
    return std::string(it.kind == ItemKind::Payment ? "payment " : "settlement batch ") + std::string(expected_.idOf(item));
}

std::string ReconMatcher::money(std::int64_t amount) const { return formatAmount(amount, statement_.exponent); }

std::string ReconMatcher::magnitude(std::int64_t amount) const {
    std::string text = money(amount);  // formatAmount is exact for INT64_MIN, where negation is not
    if (!text.empty() && text.front() == '-') text.erase(0, 1);
    return text;
}

json ReconMatcher::lineReasons(std::size_t l) const {
    const LineResult& r = lines_[l];
    const BankLine& line = statement_.lines[l];
    json out = json::array();
    const int lag = options_.settings.settlementLagDays;
    const int window = options_.settings.dateWindowDays;
    if (r.matched()) {
        const ExpectedItem& item = expected_.items[r.target];
        if (r.outcome == Outcome::AmountMismatch) {
            json j = reason("amount", "amount differs: " + money(item.amount) + " vs " + money(line.amount) + " (" + noun(r.target) + " vs bank)");
            j["expected"] = item.amount;
            j["actual"] = line.amount;
            out.push_back(std::move(j));
        }
        if (!inWindow(line.day, item.day)) {
            out.push_back(reason("date", "date differs by " + std::to_string(absDays(line.day, item.day)) + " days: " + formatDate(item.day) +
                                             " vs " + formatDate(line.day)));
        }
        return out;
    }
    switch (static_cast<Why>(r.why)) {
        case Why::Withdrawal:
            out.push_back(
                reason("amount", "withdrawal of " + magnitude(line.amount) + ": Paydesk reconciles deposits only"));
            break;
        case Why::WithdrawalRef:
            out.push_back(reason(
                "amount", "withdrawal of " + magnitude(line.amount) + " naming " + noun(r.target) + " (a refund?)"));
            break;
        case Why::DeadItem:
            out.push_back(reason("reference", noun(r.target) + " is " + expected_.statuses[expected_.items[r.target].status] + ": it will not be paid"));
            break;
        case Why::EarlyItem: {
            const ExpectedItem& item = expected_.items[r.target];
            const std::string& status = expected_.statuses[item.status];
            out.push_back(reason("reference", noun(r.target) + " is " + status +
                                                  (item.kind == ItemKind::Payment ? ": not captured yet" : ": not approved yet")));
            break;
        }
        case Why::ClaimedInFile:
            out.push_back(reason("reference", noun(r.target) + " is already matched by line " +
                                                  std::to_string(statement_.lines[r.related].lineNo) + " of this file"));
            break;
        case Why::PriorMatch: {
            json j = reason("reference", noun(r.target) + " was already matched by an earlier import");
            j["priorLineId"] = expected_.items[r.target].priorLineId;
            out.push_back(std::move(j));
            break;
        }
        case Why::CopyOfLine:
            out.push_back(reason("line", "identical to line " + std::to_string(statement_.lines[r.related].lineNo) + " of this file"));
            break;
        case Why::PriorAmount: {
            json j = reason("amount", noun(r.target) + " of " + money(line.amount) + " on " + formatDate(expected_.items[r.target].day) +
                                          " was already matched by an earlier import (overlapping statement?)");
            j["priorLineId"] = expected_.items[r.target].priorLineId;
            out.push_back(std::move(j));
            break;
        }
        case Why::NoCandidate:
        case Why::None:
            out.push_back(reason("amount", "no payment or settlement batch of " + money(line.amount) + " between " +
                                               formatDate(line.day - lag - window) + " and " + formatDate(line.day + window)));
            break;
    }
    if (!r.unresolved.empty()) {
        const std::string ref(statement_.text.view(r.unresolved));
        const bool batchLike = ref.rfind("stl_", 0) == 0 || ref.rfind("sb_", 0) == 0 || ref.rfind("batch_", 0) == 0;
        out.push_back(reason("reference", std::string(batchLike ? "no settlement batch" : "no payment") + " with reference " + ref));
    }
    if (r.proposalKind == MatchKind::Subset) {
        std::int64_t sum = 0;
        for (std::uint32_t i = 0; i < r.proposalCount; ++i)
            sum = plus(sum, expected_.items[proposals_[r.proposalBegin + i]].amount);
        out.push_back(reason("match", std::to_string(r.proposalCount) + " payments sum to " + money(sum) +
                                          ": proposed as a one-to-many match (accept to match)"));
    } else if (r.proposalKind == MatchKind::Suggestion) {
        const std::uint32_t item = proposals_[r.proposalBegin];
        const ExpectedItem& it = expected_.items[item];
        out.push_back(reason("match", "suggested " + noun(item) + " (score " + std::to_string(r.proposalScore) + "): " + money(it.amount) + " on " +
                                          formatDate(it.day)));
    }
    return out;
}

json ReconMatcher::itemReasons(std::uint32_t i) const {
    json out = json::array();
    const auto outcome = itemOutcome(i);
    if (!outcome) return out;
    const ExpectedItem& item = expected_.items[i];
    const int lag = options_.settings.settlementLagDays;
    const int window = options_.settings.dateWindowDays;
    if (*outcome == Outcome::Awaiting) {
        out.push_back(reason("date", "expected in the bank by " + formatDate(item.day + lag) + "; the statement ends " + formatDate(statement_.lastDay)));
    } else {
        out.push_back(reason("bank", "no bank line of " + money(item.amount) + " between " + formatDate(item.day - window) + " and " +
                                         formatDate(item.day + lag + window)));
    }
    if (reserved_[i]) out.push_back(reason("match", "proposed for a bank line of this file"));
    return out;
}

}  // namespace paydesk::recon
