#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/Clock.h"

namespace petrel::store {

class Db;

enum class OpState { Pending, Done, Failed };

std::string toString(OpState state);

struct QueuedOp {
    std::int64_t id = 0;
    std::int64_t accountId = 0;
    std::string kind;     // e.g. "flags", "move", "delete"; meaning belongs to the sync layer
    std::string payload;  // JSON object
    std::int64_t createdAt = 0;
    std::uint32_t attempts = 0;
    std::string lastError;
    OpState state = OpState::Pending;
};

// Changes made while offline (flag, move, delete...), replayed in the order they were made
// when the account is back online. Pending items stay pending across failed attempts until
// the sync layer gives up on one (markFailed) — the user then sees it with its error.
class OpQueue {
public:
    explicit OpQueue(Db& db) : db_(db) {}

    // Usage error when payloadJson is not valid JSON.
    std::int64_t enqueue(std::int64_t accountId, const std::string& kind, const std::string& payloadJson,
                         std::int64_t now = unixNow());
    // Pending operations of the account, oldest first.
    std::vector<QueuedOp> pending(std::int64_t accountId);
    // All operations of the account in any state, oldest first.
    std::vector<QueuedOp> list(std::int64_t accountId);
    std::optional<QueuedOp> find(std::int64_t id);
    std::uint32_t pendingCount(std::int64_t accountId);

    void markDone(std::int64_t id);
    // A failed attempt that will be retried: attempts + 1, error kept, still pending.
    void recordFailure(std::int64_t id, const std::string& error);
    // A failure that will not be retried: attempts + 1, state Failed.
    void markFailed(std::int64_t id, const std::string& error);
    // Failed → pending again (the user pressed Retry).
    void retry(std::int64_t id);
    void remove(std::int64_t id);
    // Forgets completed operations; returns how many.
    std::size_t removeDone(std::int64_t accountId);

private:
    std::vector<QueuedOp> select(const char* sql, std::int64_t key);
    void changeState(const char* sql, std::int64_t id, const std::string* error);

    Db& db_;
};

}  // namespace petrel::store
