#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/FolderInfo.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::sync {

// Folder management; the index changes only after the server said OK.
class ImapFolderOps {
public:
    ImapFolderOps(net::ImapSession& session, store::Db& db, std::int64_t accountId);

    // CREATE (parents are created by the server as needed), SUBSCRIBE, then the tree is re-listed.
    model::FolderInfo create(const std::string& path);
    // Without `recursive` a folder with children is refused (Usage). Recursive deletes the
    // deepest first (Dovecot keeps phantom parents of `a/b`, DESIGN.md §6), unsubscribing each.
    // Returns the paths deleted.
    std::vector<std::string> remove(const std::string& path, bool recursive);
    // RENAME; children move with it on the server and in the index (ids and cache kept).
    void rename(const std::string& from, const std::string& to);
    void setSubscribed(const std::string& path, bool subscribed);

private:
    net::ImapSession& session_;
    store::Db& db_;
    std::int64_t accountId_;
};

}  // namespace petrel::sync
