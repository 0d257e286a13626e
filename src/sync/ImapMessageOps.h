#pragma once
#include <cstdint>
#include <string>

#include "model/AccountConfig.h"
#include "model/Flags.h"
#include "model/FolderInfo.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::sync {

enum class ImapMark { Read, Unread, Flag, Unflag };

// Message operations. The index changes only after the server's OK; a destination folder the
// index knows is re-synced afterwards (a copied message is never guessed into it, which keeps
// the "local = prefix of the server" invariant of ImapFolderSync).
class ImapMessageOps {
public:
    ImapMessageOps(net::ImapSession& session, store::Db& db, model::AccountConfig account);

    // UID STORE ... .SILENT; returns the flags now in the index (0 if the message is not indexed).
    model::Flags mark(const model::FolderInfo& folder, std::uint32_t uid, ImapMark mark);
    void copy(const model::FolderInfo& folder, std::uint32_t uid, const std::string& destination);
    // UID MOVE when offered, else COPY + \Deleted + UID EXPUNGE.
    void move(const model::FolderInfo& folder, std::uint32_t uid, const std::string& destination);
    // Per the account's delete policy: to Trash (a message already in Trash is expunged), or
    // \Deleted + UID EXPUNGE. Returns "trash" or "expunged".
    std::string remove(const model::FolderInfo& folder, std::uint32_t uid);

private:
    void expungeUid(const model::FolderInfo& folder, std::uint32_t uid);
    void forgetLocally(const model::FolderInfo& folder, std::uint32_t uid);
    void resyncIfKnown(const std::string& path);
    void requireExists(const model::FolderInfo& folder, std::uint32_t uid);

    net::ImapSession& session_;
    store::Db& db_;
    model::AccountConfig account_;
};

}  // namespace petrel::sync
