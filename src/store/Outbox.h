#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/Clock.h"

namespace petrel::store {

class Db;

// Sending is marked before the SMTP transaction starts, so after a crash an item still in
// Sending may or may not have gone out: the user decides (see interrupted()), never a silent
// resend.
enum class OutboxState { Pending, Sending, Sent, Failed };

std::string toString(OutboxState state);

struct OutboxItem {
    std::int64_t id = 0;
    std::int64_t accountId = 0;
    std::string rawPath;  // set when the message lives in a file, else the bytes are in the index
    std::uint64_t size = 0;
    std::string envelopeFrom;
    std::vector<std::string> recipients;  // envelope recipients, Bcc included
    std::int64_t createdAt = 0;
    std::uint32_t attempts = 0;
    std::string lastError;
    OutboxState state = OutboxState::Pending;
};

// Messages waiting to be sent, in the order they were queued. Listing never loads the
// message bytes; rawMessage() does.
class Outbox {
public:
    explicit Outbox(Db& db) : db_(db) {}

    // Keeps the message bytes in the index.
    std::int64_t enqueue(std::int64_t accountId, const std::string& rawMessage, const std::string& envelopeFrom,
                         const std::vector<std::string>& recipients, std::int64_t now = unixNow());
    // Refers to a message file the caller wrote (large messages).
    std::int64_t enqueueFile(std::int64_t accountId, const std::string& rawPath, const std::string& envelopeFrom,
                             const std::vector<std::string>& recipients, std::int64_t now = unixNow());

    // Pending items of the account, oldest first.
    std::vector<OutboxItem> pending(std::int64_t accountId);
    // All items of the account, oldest first.
    std::vector<OutboxItem> list(std::int64_t accountId);
    // Items left in Sending by an earlier run.
    std::vector<OutboxItem> interrupted(std::int64_t accountId);
    std::optional<OutboxItem> find(std::int64_t id);
    // The message bytes; NotFound for an unknown id, Storage if its file is gone.
    std::string rawMessage(std::int64_t id);
    // The first maxBytes of the message (enough for its header block), without loading the rest.
    std::string head(std::int64_t id, std::size_t maxBytes);

    void markSending(std::int64_t id);
    void markSent(std::int64_t id);
    // A failed attempt that will be retried: attempts + 1, back to Pending.
    void recordFailure(std::int64_t id, const std::string& error);
    // Given up: attempts + 1, Failed.
    void markFailed(std::int64_t id, const std::string& error);
    // Failed or interrupted → Pending.
    void retry(std::int64_t id);
    void remove(std::int64_t id);

private:
    std::int64_t insert(std::int64_t accountId, const std::string* raw, const std::string* path,
                        const std::string& envelopeFrom, const std::vector<std::string>& recipients, std::int64_t now);
    std::vector<OutboxItem> select(const char* sql, std::int64_t key);
    std::string bytes(std::int64_t id, std::size_t limit);  // limit 0 = all
    void changeState(const char* sql, std::int64_t id, const std::string* error);

    Db& db_;
};

}  // namespace petrel::store
