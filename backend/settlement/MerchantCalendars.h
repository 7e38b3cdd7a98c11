#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/Error.h"
#include "settlement/BusinessCalendar.h"
#include "settlement/SettlementOptions.h"

namespace paydesk::store {
class DbConnection;
}

namespace paydesk::settlement {

// Merchants that share one calendar (time zone and cut-off), the unit a close works on: one
// business day is one UTC window for all of them.
struct CalendarGroup {
    BusinessCalendar calendar;
    // The default group covers every merchant except `merchants`; any other group exactly `merchants`.
    bool everyoneElse = false;
    std::vector<std::string> merchants;

    // SQL predicate restricting `column` (a merchant id expression) to this group.
    [[nodiscard]] std::string merchantFilter(store::DbConnection& conn, const std::string& column) const;
    // The group for one merchant only.
    static CalendarGroup single(BusinessCalendar calendar, const std::string& merchantId);
};

// The business-day calendars in force: the server default, overridden per merchant by
// settlement_settings (time_zone, cutoff_minutes). A row naming an unknown time zone is logged
// and its merchant is left out of every group, so it is never settled on a wrong calendar.
class MerchantCalendars {
public:
    explicit MerchantCalendars(BusinessCalendar defaults) : defaults_(std::move(defaults)) {}

    [[nodiscard]] const BusinessCalendar& defaults() const { return defaults_; }
    // Every group: the default one first, then one per distinct override.
    Result<std::vector<CalendarGroup>> groups(store::DbConnection& conn) const;
    // The calendar of one merchant; CONFIG_INVALID when its override names an unknown zone.
    Result<BusinessCalendar> calendarFor(store::DbConnection& conn, const std::string& merchantId) const;

private:
    BusinessCalendar defaults_;
};

}  // namespace paydesk::settlement
