#include "store/ByteCounters.h"

#include "store/Db.h"

namespace petrel::store {

void ByteCounters::add(std::int64_t accountId, const std::string& operation, std::uint64_t sent,
                       std::uint64_t received) {
    auto& st = db_.cached("INSERT INTO byte_counters (account_id, operation, bytes_sent, bytes_received) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, operation) DO UPDATE SET "
                          "bytes_sent = bytes_sent + excluded.bytes_sent, "
                          "bytes_received = bytes_received + excluded.bytes_received");
    st.bind(1, accountId).bind(2, operation).bind(3, sent).bind(4, received);
    st.run();
}

std::vector<ByteCount> ByteCounters::forAccount(std::int64_t accountId) {
    auto& st = db_.cached("SELECT operation, bytes_sent, bytes_received FROM byte_counters "
                          "WHERE account_id = ?1 ORDER BY operation");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    std::vector<ByteCount> out;
    while (st.step()) out.push_back({st.getText(0), st.getUint64(1), st.getUint64(2)});
    return out;
}

ByteCount ByteCounters::total(std::int64_t accountId) {
    auto& st = db_.cached("SELECT coalesce(sum(bytes_sent), 0), coalesce(sum(bytes_received), 0) "
                          "FROM byte_counters WHERE account_id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    ByteCount total;
    if (st.step()) {
        total.sent = st.getUint64(0);
        total.received = st.getUint64(1);
    }
    return total;
}

void ByteCounters::reset(std::int64_t accountId) {
    auto& st = db_.cached("DELETE FROM byte_counters WHERE account_id = ?1");
    st.bind(1, accountId);
    st.run();
}

}  // namespace petrel::store
