#pragma once
#include <cstdint>
#include <string>

#include "model/FolderInfo.h"
#include "sync/ImapSyncOptions.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::sync {

struct ImapFolderSyncResult {
    std::string path;
    std::uint32_t added = 0;
    std::uint32_t updated = 0;
    std::uint32_t removed = 0;
    bool uidValidityReset = false;
};

// Header-only sync of one folder (EXAMINE: read-only, nothing is marked \Seen):
//  1. UIDVALIDITY changed → the folder's cache is cleared;
//  2. expunged messages: one probe (`FETCH <local count> (UID)` must answer the highest local
//     UID); only when it does not are local UIDs compared with `UID SEARCH UID lo:hi` per chunk;
//  3. flags of known messages: `CHANGEDSINCE <stored HIGHESTMODSEQ>` with CONDSTORE, else
//     `UID FETCH lo:hi (UID FLAGS)` per chunk of local UIDs;
//  4. new messages by sequence number after the local ones, chunkSize per FETCH and per
//     transaction, progress per chunk, cancel between chunks.
// The local messages are always a prefix of the server's (ascending UIDs, committed per chunk),
// so an interrupted sync resumes after the last committed chunk. UIDNEXT/HIGHESTMODSEQ are
// stored only once everything committed.
class ImapFolderSync {
public:
    ImapFolderSync(net::ImapSession& session, store::Db& db, ImapSyncOptions options = {});
    ImapFolderSyncResult sync(std::int64_t folderId);

private:
    void checkCancel() const;
    std::uint32_t removeExpunged(std::int64_t folderId, std::uint32_t serverExists);
    std::uint32_t syncKnownFlags(const model::FolderInfo& folder, std::uint64_t serverModSeq, bool useModSeq);
    std::uint32_t fetchNew(std::int64_t folderId, std::uint32_t serverExists, std::uint32_t knownMax);

    net::ImapSession& session_;
    store::Db& db_;
    ImapSyncOptions options_;
};

}  // namespace petrel::sync
