#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::sync {

// A mailbox as LIST reports it.
struct ImapListedFolder {
    model::FolderInfo info;  // path decoded from modified UTF-7
    bool nonExistent = false;  // \NonExistent (a phantom parent, or subscribed but deleted)
    bool hasChildren = false;
};

// LIST with subscription and special-use state: `LIST "" pattern RETURN (SUBSCRIBED SPECIAL-USE)`
// when LIST-EXTENDED is offered, else LIST plus LSUB. `pattern` is UTF-8 (wildcards % and * as is).
std::vector<ImapListedFolder> listImapFolders(net::ImapSession& session, const std::string& pattern = "*");

// Brings the account's folder tree in the index to what the server lists: upserts every folder
// (phantom parents that have children are kept as not selectable), removes local folders the
// server no longer has. Returns the tree as stored.
std::vector<model::FolderInfo> refreshImapFolders(net::ImapSession& session, store::Db& db, std::int64_t accountId);

// The folder the index knows by path; with a session, an unknown one is looked for again after a
// refresh of the folder list (it may have been created elsewhere). NotFound otherwise.
model::FolderInfo findImapFolder(net::ImapSession* session, store::Db& db, const model::AccountConfig& account,
                                 const std::string& path);

}  // namespace petrel::sync
