#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/FolderInfo.h"

namespace petrel::store {

class Db;

class FolderRepository {
public:
    explicit FolderRepository(Db& db) : db_(db) {}

    // Inserts or updates by (accountId, path) and returns the folder id. Updates the listing
    // attributes (separator, special use, subscribed, selectable, local) but never the sync state
    // or counts, which belong to updateSyncState and recount.
    std::int64_t upsert(const model::FolderInfo& folder);
    // INBOX and its children first, then by path (children right after their parent).
    std::vector<model::FolderInfo> list(std::int64_t accountId);
    std::optional<model::FolderInfo> find(std::int64_t accountId, const std::string& path);
    std::optional<model::FolderInfo> findById(std::int64_t folderId);
    // Removes the folder and its messages (not its children: IMAP deletes them one by one).
    void remove(std::int64_t folderId);
    // Renames the folder and every folder below it. NotFound when nothing matched, Usage when
    // the new name is taken or lies inside the old one.
    void renameTree(std::int64_t accountId, const std::string& oldPath, const std::string& newPath, char separator);
    void updateSyncState(std::int64_t folderId, std::uint32_t uidValidity, std::uint32_t uidNext,
                         std::uint64_t highestModSeq);
    // Unix time of the last updateSyncState, 0 if never.
    std::int64_t lastSyncAt(std::int64_t folderId);
    // Sets total/unread from the messages in the index.
    void recount(std::int64_t folderId);

private:
    Db& db_;
};

}  // namespace petrel::store
