#include "store/Statement.h"

#include <algorithm>
#include <cassert>

#include "store/Database.h"

namespace paydesk::store {

std::vector<std::size_t> insertChunks(std::size_t rows) {
    std::vector<std::size_t> chunks;
    for (const std::size_t size : kInsertChunkSizes) {
        while (rows >= size) {
            chunks.push_back(size);
            rows -= size;
        }
    }
    assert(rows == 0);
    return chunks;
}

std::string multiRowInsertSql(const RowInsert& shape, std::size_t rows) {
    assert(shape.columnCount > 0 && rows > 0);
    std::string row = "(";
    for (std::size_t c = 0; c < shape.columnCount; ++c) row += c == 0 ? "?" : ",?";
    row += ')';
    std::string sql = "INSERT INTO ";
    sql.append(shape.table).append(" (").append(shape.columns).append(") VALUES ");
    sql.reserve(sql.size() + rows * (row.size() + 1));
    for (std::size_t r = 0; r < rows; ++r) {
        if (r > 0) sql += ',';
        sql += row;
    }
    return sql;
}

Status insertRows(DbConnection& conn, const RowInsert& shape, std::span<const SqlValue> values) {
    assert(shape.columnCount > 0 && values.size() % shape.columnCount == 0);
    std::size_t offset = 0;
    for (const std::size_t rows : insertChunks(values.size() / shape.columnCount)) {
        const std::string name = std::string(shape.name) + "/" + std::to_string(rows);
        const std::size_t count = rows * shape.columnCount;
        auto done = conn.run(name, values.subspan(offset, count), [&] { return multiRowInsertSql(shape, rows); });
        if (!done.ok()) return done.error();
        offset += count;
    }
    return Status::success();
}

std::string rangeSlotsSql(std::string_view column, std::size_t slots) {
    assert(slots > 0);
    std::string sql = "(";
    for (std::size_t i = 0; i < slots; ++i) {
        if (i > 0) sql += " OR ";
        sql.append(column).append(" BETWEEN ? AND ?");
    }
    sql += ')';
    return sql;
}

std::size_t rangeSlotsFor(std::size_t ranges) {
    std::size_t slots = 1;
    while (slots < ranges && slots < kMaxRangeSlots) slots *= 2;
    return slots;
}

std::vector<SeqRange> consecutiveRanges(const std::vector<std::int64_t>& sorted) {
    std::vector<SeqRange> ranges;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
        ranges.push_back({sorted[i], sorted[j]});
        i = j + 1;
    }
    return ranges;
}

void bindRangeSlots(SqlParams& params, std::span<const SeqRange> ranges, std::size_t slots) {
    assert(ranges.size() <= slots);
    for (std::size_t i = 0; i < slots; ++i) {
        const SeqRange r = i < ranges.size() ? ranges[i] : SeqRange{1, 0};
        params.emplace_back(r.first);
        params.emplace_back(r.last);
    }
}

}  // namespace paydesk::store
