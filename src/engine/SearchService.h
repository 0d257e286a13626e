#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/MessageSummary.h"
#include "net/WireBytes.h"
#include "sync/ImapSearchQuery.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

// Search as the CLI's `search` and the GUI's search field do it: local hits from the index
// (FTS5 over headers and cached text, filtered by the query's flag/date terms), and server hits
// by IMAP UID SEARCH (sync/ImapSearchQuery.h for the syntax).

struct LocalSearchHit {
    model::MessageSummary message;
    std::int64_t accountId = 0;
};

// The index only, through `db` (any connection: the UI's read-only one, or a worker's).
// accountId/folderId nullopt: every account / every folder. Throws model::Error.
std::vector<LocalSearchHit> searchLocal(store::Db& db, const sync::ImapSearchQuery& query,
                                        std::optional<std::int64_t> accountId,
                                        std::optional<std::int64_t> folderId, std::size_t limit);

struct ServerSearchHit {
    std::string folderPath;
    std::uint32_t uid = 0;
    // The index row for it, when the index has (or, with storeMissing, now has) its headers.
    std::optional<model::MessageSummary> message;
    // True when the index did not have it before this search (a server-only hit).
    bool newToIndex = false;
};

struct ServerSearchResult {
    std::vector<ServerSearchHit> hits;
    net::WireBytes bytes;
};

// IMAP UID SEARCH on the account's worker: one folder (`onlyFolder`) or every subscribed,
// selectable folder. With storeMissing, a folder whose hits the index lacks gets a header-only
// sync (ImapFolderSync, incremental: new messages only) so those hits have index rows the
// front end can list and open. Bytes are booked under "search". Throws model::Error
// (Usage for a POP3 account: POP3 has no server search).
ServerSearchResult searchServer(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                const sync::ImapSearchQuery& query,
                                const std::optional<std::string>& onlyFolder, bool storeMissing,
                                const std::optional<std::string>& password = std::nullopt);

}  // namespace petrel::engine
