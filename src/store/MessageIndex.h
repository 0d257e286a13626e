#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/Flags.h"
#include "model/MessageSummary.h"
#include "store/PageAnchors.h"
#include "store/PageQuery.h"
#include "store/SearchHit.h"

namespace petrel::store {

class Db;
class Stmt;

// The message list of every folder plus its full-text index. Each sort order (with and
// without the unread filter) is one walk of one covering index; see Schema.cpp.
class MessageIndex {
public:
    explicit MessageIndex(Db& db) : db_(db), anchors_(db) {}

    // Inserts or updates by (folderId, uid); summary.id is ignored. Header fields and flags are
    // replaced; cacheState bits are added to what is cached already. Runs in the caller's
    // transaction if one is open, else in one of its own (one transaction per batch is what
    // makes bulk sync fast).
    void upsertBatch(const std::vector<model::MessageSummary>& batch);

    // Reads from the nearest of: the list's start, its end, or where an earlier page started
    // (see PageAnchors), so a deep offset costs at most half the list once, then a page's worth.
    std::vector<model::MessageSummary> page(const PageQuery& query);
    // Messages matching query's folder and unread filter (offset and limit are ignored). O(1):
    // every write here keeps folders.total/unread exact in the same transaction. The folder may
    // be kAllInboxesFolderId, here and in page() and positionOf().
    std::uint32_t count(const PageQuery& query);
    // Position of a message in the list order of `query`, for keeping a selection visible.
    std::optional<std::uint32_t> positionOf(const PageQuery& query, std::int64_t messageId);

    std::optional<model::MessageSummary> find(std::int64_t folderId, std::uint32_t uid);
    std::optional<model::MessageSummary> findById(std::int64_t messageId);

    // NotFound when the message is not in the index.
    void setFlags(std::int64_t folderId, std::uint32_t uid, model::Flags flags);
    // A flag resync: UIDs no longer in the index are skipped.
    void setFlagsBatch(std::int64_t folderId, const std::vector<std::pair<std::uint32_t, model::Flags>>& flags);
    void removeUids(std::int64_t folderId, const std::vector<std::uint32_t>& uids);
    // Drops every message of the folder (e.g. after UIDVALIDITY changed).
    void clearFolder(std::int64_t folderId);
    // Ascending.
    std::vector<std::uint32_t> uids(std::int64_t folderId);
    // 0 for an empty folder.
    std::uint32_t maxUid(std::int64_t folderId);

    // Stores the displayable text (possibly capped at the account's body cap) and makes it
    // searchable. Sets CachedText, and CachedTextPartial exactly when `partial`.
    void setCachedText(std::int64_t messageId, const std::string& text, bool partial);
    std::optional<std::string> cachedText(std::int64_t messageId);

    // Plain words as typed (see buildFtsQuery); all words must match, the last one as a prefix.
    // Newest first (highest message id, i.e. latest arrival); each hit carries its relevance.
    // Optional filters narrow to one account and/or one folder.
    std::vector<SearchHit> search(const std::string& query, std::optional<std::int64_t> accountId,
                                  std::optional<std::int64_t> folderId, std::uint32_t limit);
    std::vector<SearchHit> search(const std::string& query, std::optional<std::int64_t> accountId,
                                  std::optional<std::int64_t> folderId, std::uint32_t limit, SearchOrder order);

    // The SQL page() runs for a list order (fromAnchor: the variant that starts at a remembered
    // row, ascending from it or descending from just before it), so tests and tools can EXPLAIN it.
    static const std::string& pageSql(const PageQuery& query, bool fromAnchor = false);

private:
    // Per-folder changes to folders.total / folders.unread made by one write.
    struct CountDelta {
        std::int64_t total = 0;
        std::int64_t unread = 0;
    };

    std::optional<model::MessageSummary> findOne(const char* sql, std::int64_t a, std::int64_t b);
    // The INBOX folders kAllInboxesFolderId stands for, ascending.
    std::vector<std::int64_t> inboxFolderIds();
    // The statement page() runs; seek: 0 none, 1 ascending from the anchor, -1 descending from
    // just before it.
    Stmt& pageStatement(const PageQuery& query, int seek);
    // False when the message is not indexed.
    bool changeFlags(std::int64_t folderId, std::uint32_t uid, model::Flags flags,
                     std::map<std::int64_t, CountDelta>& deltas);
    void applyCounts(const std::map<std::int64_t, CountDelta>& deltas);

    Db& db_;
    PageAnchors anchors_;
};

}  // namespace petrel::store
