#include "store/OpQueue.h"

#include <nlohmann/json.hpp>

#include "model/Error.h"
#include "store/Db.h"

namespace petrel::store {

namespace {

#define PETREL_OP_COLUMNS "id, account_id, kind, payload, created_at, attempts, last_error, state"

OpState opStateFromString(const std::string& s) {
    if (s == "done") return OpState::Done;
    if (s == "failed") return OpState::Failed;
    return OpState::Pending;
}

QueuedOp readOp(const Stmt& st) {
    QueuedOp op;
    op.id = st.getInt64(0);
    op.accountId = st.getInt64(1);
    op.kind = st.getText(2);
    op.payload = st.getText(3);
    op.createdAt = st.getInt64(4);
    op.attempts = st.getUint32(5);
    op.lastError = st.getText(6);
    op.state = opStateFromString(st.getText(7));
    return op;
}

}  // namespace

std::string toString(OpState state) {
    switch (state) {
    case OpState::Pending: return "pending";
    case OpState::Done: return "done";
    case OpState::Failed: return "failed";
    }
    return "pending";
}

std::int64_t OpQueue::enqueue(std::int64_t accountId, const std::string& kind, const std::string& payloadJson,
                              std::int64_t now) {
    if (kind.empty()) throw model::Error(model::ErrorKind::Usage, "an offline operation needs a kind");
    // Caught here rather than at replay time, when nobody could fix it any more.
    if (!nlohmann::json::accept(payloadJson))
        throw model::Error(model::ErrorKind::Usage, "offline operation payload is not valid JSON", kind);
    auto& st = db_.cached("INSERT INTO op_queue (account_id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, accountId).bind(2, kind).bind(3, payloadJson).bind(4, now);
    st.run();
    return db_.lastInsertRowId();
}

std::vector<QueuedOp> OpQueue::select(const char* sql, std::int64_t key) {
    auto& st = db_.cached(sql);
    Stmt::ResetGuard guard(st);
    st.bind(1, key);
    std::vector<QueuedOp> out;
    while (st.step()) out.push_back(readOp(st));
    return out;
}

std::vector<QueuedOp> OpQueue::pending(std::int64_t accountId) {
    return select("SELECT " PETREL_OP_COLUMNS " FROM op_queue WHERE account_id = ?1 AND state = 'pending' ORDER BY id",
                  accountId);
}

std::vector<QueuedOp> OpQueue::list(std::int64_t accountId) {
    return select("SELECT " PETREL_OP_COLUMNS " FROM op_queue WHERE account_id = ?1 ORDER BY id", accountId);
}

std::optional<QueuedOp> OpQueue::find(std::int64_t id) {
    auto found = select("SELECT " PETREL_OP_COLUMNS " FROM op_queue WHERE id = ?1", id);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::uint32_t OpQueue::pendingCount(std::int64_t accountId) {
    auto& st = db_.cached("SELECT count(*) FROM op_queue WHERE account_id = ?1 AND state = 'pending'");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    return st.step() ? st.getUint32(0) : 0;
}

void OpQueue::changeState(const char* sql, std::int64_t id, const std::string* error) {
    auto& st = db_.cached(sql);
    st.bind(1, id);
    if (error) st.bind(2, *error);
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no offline operation with id " + std::to_string(id));
}

void OpQueue::markDone(std::int64_t id) {
    changeState("UPDATE op_queue SET state = 'done', last_error = '' WHERE id = ?1", id, nullptr);
}

void OpQueue::recordFailure(std::int64_t id, const std::string& error) {
    changeState("UPDATE op_queue SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1", id, &error);
}

void OpQueue::markFailed(std::int64_t id, const std::string& error) {
    changeState("UPDATE op_queue SET attempts = attempts + 1, last_error = ?2, state = 'failed' WHERE id = ?1", id,
                &error);
}

void OpQueue::retry(std::int64_t id) {
    changeState("UPDATE op_queue SET state = 'pending' WHERE id = ?1", id, nullptr);
}

void OpQueue::remove(std::int64_t id) { changeState("DELETE FROM op_queue WHERE id = ?1", id, nullptr); }

std::size_t OpQueue::removeDone(std::int64_t accountId) {
    auto& st = db_.cached("DELETE FROM op_queue WHERE account_id = ?1 AND state = 'done'");
    st.bind(1, accountId);
    st.run();
    return static_cast<std::size_t>(db_.changes());
}

}  // namespace petrel::store
