#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/Clock.h"

namespace petrel::store {

class Db;

struct Pop3LedgerEntry {
    std::int64_t accountId = 0;
    std::string uidl;
    std::uint64_t size = 0;
    std::int64_t firstSeen = 0;
    std::optional<std::int64_t> downloadedAt;
    // Empty when never downloaded or when the local copy was deleted since.
    std::optional<std::int64_t> localMessageId;
    std::optional<std::int64_t> deletedOnServerAt;
};

// What a POP3 account has seen on the server and taken from it, keyed by UIDL. Keep mode
// relies on it to never download a message twice, leave-for-N-days to know what to delete.
// Methods join the caller's transaction when one is open (mark a message downloaded in the
// same transaction that stores it).
class Pop3Ledger {
public:
    explicit Pop3Ledger(Db& db) : db_(db) {}

    // Records a UIDL listed by the server; returns true when it was not known before.
    bool recordSeen(std::int64_t accountId, const std::string& uidl, std::uint64_t size,
                    std::int64_t now = unixNow());
    // Also records the UIDL if it was never seen (size then 0).
    void markDownloaded(std::int64_t accountId, const std::string& uidl, std::optional<std::int64_t> localMessageId,
                        std::int64_t now = unixNow());
    void markDeletedOnServer(std::int64_t accountId, const std::string& uidl, std::int64_t now = unixNow());
    // Marks every UIDL not in `present` (the server's current UIDL list) as deleted on the
    // server, e.g. removed by another client. Returns how many were marked.
    std::size_t markMissingAsDeleted(std::int64_t accountId, const std::vector<std::string>& present,
                                     std::int64_t now = unixNow());

    bool known(std::int64_t accountId, const std::string& uidl);
    std::optional<Pop3LedgerEntry> find(std::int64_t accountId, const std::string& uidl);
    // The ledger entry of a downloaded message, for "delete on server when deleted here".
    std::optional<Pop3LedgerEntry> findByMessage(std::int64_t localMessageId);
    // Every entry of the account, keyed by UIDL: one query instead of one per listed message.
    std::unordered_map<std::string, Pop3LedgerEntry> entries(std::int64_t accountId);
    // UIDLs whose local copy is stored in full (model::CachedFull); one query.
    std::unordered_set<std::string> storedInFull(std::int64_t accountId);
    // Still on the server and not downloaded, in the order they were first seen.
    std::vector<Pop3LedgerEntry> notDownloaded(std::int64_t accountId);
    // Downloaded at least `days` days before `now` and still on the server: due for deletion
    // under "leave on server for N days".
    std::vector<Pop3LedgerEntry> downloadedOlderThan(std::int64_t accountId, std::uint32_t days,
                                                     std::int64_t now = unixNow());

private:
    std::vector<Pop3LedgerEntry> query(const char* sql, std::int64_t accountId, std::optional<std::int64_t> param);

    Db& db_;
};

}  // namespace petrel::store
