#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace petrel::store {

class Db;

struct ByteCount {
    std::string operation;  // "sync", "fetch-part", "send"...; empty in a total
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
};

// Wire bytes per account and operation (DESIGN §1: every socket byte is counted), summed over
// the life of the account so a user on a metered link can see where the traffic went.
class ByteCounters {
public:
    explicit ByteCounters(Db& db) : db_(db) {}

    // Adds to the running totals (creating them at zero).
    void add(std::int64_t accountId, const std::string& operation, std::uint64_t sent, std::uint64_t received);
    // Ordered by operation.
    std::vector<ByteCount> forAccount(std::int64_t accountId);
    ByteCount total(std::int64_t accountId);
    void reset(std::int64_t accountId);

private:
    Db& db_;
};

}  // namespace petrel::store
