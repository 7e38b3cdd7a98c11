#include "settlement/MerchantCalendars.h"

#include <map>
#include <utility>

#include "core/Logger.h"
#include "store/Database.h"

namespace paydesk::settlement {

std::string CalendarGroup::merchantFilter(store::DbConnection& conn, const std::string& column) const {
    if (merchants.empty()) return everyoneElse ? "1=1" : "1=0";
    std::string list;
    for (const auto& m : merchants) list += (list.empty() ? "" : ",") + conn.quote(m);
    return column + (everyoneElse ? " NOT IN (" : " IN (") + list + ")";
}

CalendarGroup CalendarGroup::single(BusinessCalendar calendar, const std::string& merchantId) {
    return CalendarGroup{std::move(calendar), false, {merchantId}};
}

Result<std::vector<CalendarGroup>> MerchantCalendars::groups(store::DbConnection& conn) const {
    auto rows = conn.query(
        "SELECT merchant_id, time_zone, cutoff_minutes FROM settlement_settings "
        "WHERE time_zone IS NOT NULL OR cutoff_minutes IS NOT NULL ORDER BY merchant_id");
    if (!rows.ok()) return rows.error();
    std::vector<CalendarGroup> out;
    out.push_back(CalendarGroup{defaults_, true, {}});
    std::map<std::pair<std::string, int>, std::size_t> index;  // (zone, cut-off) -> position in out
    for (std::size_t r = 0; r < rows->rows.size(); ++r) {
        const std::string merchant = rows->text(r, 0);
        const std::string zone = rows->rows[r][1] ? *rows->rows[r][1] : defaults_.timeZone();
        const int cutoff = rows->rows[r][2] ? static_cast<int>(rows->integer(r, 2)) : defaults_.cutoffMinutes();
        if (zone == defaults_.timeZone() && cutoff == defaults_.cutoffMinutes()) continue;  // an override equal to the default
        out.front().merchants.push_back(merchant);  // not in the default group either way
        const auto key = std::make_pair(zone, cutoff);
        auto it = index.find(key);
        if (it == index.end()) {
            auto calendar = BusinessCalendar::create(zone, cutoff);
            if (!calendar.ok()) {
                Logger::error("settlement", "merchant settlement settings name an unusable calendar; the merchant is not settled until fixed",
                              {{"merchantId", merchant}, {"error", calendar.error().message}});
                continue;
            }
            it = index.emplace(key, out.size()).first;
            out.push_back(CalendarGroup{std::move(calendar).value(), false, {}});
        }
        out[it->second].merchants.push_back(merchant);
    }
    return out;
}

Result<BusinessCalendar> MerchantCalendars::calendarFor(store::DbConnection& conn, const std::string& merchantId) const {
    auto rows = conn.query("SELECT time_zone, cutoff_minutes FROM settlement_settings WHERE merchant_id = " + conn.quote(merchantId));
    if (!rows.ok()) return rows.error();
    if (rows->rows.empty()) return defaults_;
    const std::string zone = rows->rows[0][0] ? *rows->rows[0][0] : defaults_.timeZone();
    const int cutoff = rows->rows[0][1] ? static_cast<int>(rows->integer(0, 1)) : defaults_.cutoffMinutes();
    if (zone == defaults_.timeZone() && cutoff == defaults_.cutoffMinutes()) return defaults_;
    return BusinessCalendar::create(zone, cutoff);
}

}  // namespace paydesk::settlement
