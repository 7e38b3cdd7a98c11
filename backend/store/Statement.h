#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/Error.h"

namespace paydesk::store {

class DbConnection;

// A value bound to one `?` of a prepared statement (binary protocol: it never becomes SQL text).
// NULL, a 64-bit integer, or bytes: text, binary data, and DATETIME(6) as "YYYY-MM-DD HH:MM:SS.ffffff".
class SqlValue {
public:
    SqlValue() = default;  // NULL
    SqlValue(std::nullopt_t) {}
    template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
    SqlValue(T v) : value_(static_cast<std::int64_t>(v)) {}
    SqlValue(std::string v) : value_(std::move(v)) {}
    SqlValue(std::string_view v) : value_(std::string(v)) {}
    SqlValue(const char* v) : value_(std::string(v)) {}
    SqlValue(std::optional<std::string> v) {
        if (v) value_ = std::move(*v);
    }

    [[nodiscard]] bool isNull() const { return std::holds_alternative<std::monostate>(value_); }
    [[nodiscard]] const std::int64_t* integer() const { return std::get_if<std::int64_t>(&value_); }
    [[nodiscard]] const std::string* bytes() const { return std::get_if<std::string>(&value_); }

private:
    std::variant<std::monostate, std::int64_t, std::string> value_;
};

using SqlParams = std::vector<SqlValue>;

// Appends one row's values (moved, not copied) for a multi-row statement.
template <typename... T>
void appendRow(SqlParams& values, T&&... row) {
    (values.emplace_back(std::forward<T>(row)), ...);
}

// NULL for an empty string (optional columns the domain keeps as "").
inline SqlValue nullIfEmpty(const std::string& v) {
    return v.empty() ? SqlValue() : SqlValue(v);
}

// A named statement with `?` placeholders. The name keys the connection's cache of prepared
// statements, so one name always stands for one SQL text.
struct SqlStatement {
    std::string_view name;
    std::string_view sql;
};

// The rows of one table written by multi-row INSERTs: "INSERT INTO table (columns) VALUES
// (?,…),(?,…)". Table and columns are constants of the code, never input.
struct RowInsert {
    std::string_view name;
    std::string_view table;
    std::string_view columns;
    std::size_t columnCount = 0;
};

// Row counts of the multi-row INSERT variants a connection prepares: rows are written in chunks of
// these sizes, largest first, so one table has at most twenty prepared variants per connection.
// Every count up to 16 has its own variant: write batches under load average about three commands
// (measured with paybench), and each statement is a round trip to the server, so a typical batch
// writes each table with one statement; larger batches take at most four.
inline constexpr std::size_t kInsertChunkSizes[] = {256, 128, 64, 32, 16, 15, 14, 13, 12, 11,
                                                    10,  9,   8,  7,  6,  5,  4,  3,  2,  1};

// The chunk sizes `rows` rows are written in, in order (empty for 0).
std::vector<std::size_t> insertChunks(std::size_t rows);
// "INSERT INTO t (a, b) VALUES (?,?),(?,?)" for `rows` rows.
std::string multiRowInsertSql(const RowInsert& shape, std::size_t rows);
// Writes the rows whose values are `values` (shape.columnCount per row, row after row) in chunks,
// in order. Fails like DbConnection::execute; rows of chunks before a failing one stay written
// (the caller's transaction decides).
Status insertRows(DbConnection& conn, const RowInsert& shape, std::span<const SqlValue> values);

// "(col BETWEEN ? AND ? OR col BETWEEN ? AND ? …)" with `slots` ranges; an unused slot is bound to
// the empty range (1, 0), which matches nothing, so one prepared text serves any count up to `slots`.
std::string rangeSlotsSql(std::string_view column, std::size_t slots);
// The slot count to prepare for `ranges` ranges: the next power of two, at most kMaxRangeSlots.
std::size_t rangeSlotsFor(std::size_t ranges);
inline constexpr std::size_t kMaxRangeSlots = 256;

struct SeqRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
};
// Runs of consecutive values of `sorted` (ascending, distinct).
std::vector<SeqRange> consecutiveRanges(const std::vector<std::int64_t>& sorted);
// Appends `slots` (first, last) pairs: the ranges, then empty ranges (1, 0).
void bindRangeSlots(SqlParams& params, std::span<const SeqRange> ranges, std::size_t slots);

}  // namespace paydesk::store
