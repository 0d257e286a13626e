#include "sync/ImapFolderOps.h"

#include <algorithm>

#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"

namespace petrel::sync {

namespace {

using model::Error;
using model::ErrorKind;

bool isInbox(const std::string& path) {
    return net::equalsIgnoreCase(path, "INBOX");
}

void requireName(const std::string& path) {
    if (path.empty()) throw Error(ErrorKind::Usage, "A folder needs a name");
    for (char c : path)
        if (c == '\r' || c == '\n' || c == '*' || c == '%')
            throw Error(ErrorKind::Usage, "A folder name cannot contain line breaks, '*' or '%'");
}

}  // namespace

ImapFolderOps::ImapFolderOps(net::ImapSession& session, store::Db& db, std::int64_t accountId)
    : session_(session), db_(db), accountId_(accountId) {}

model::FolderInfo ImapFolderOps::create(const std::string& path) {
    requireName(path);
    auto r = session_.tryExecute(net::ImapCommand("CREATE").addMailbox(path));
    if (!r.ok()) {
        if (r.codeName() == "ALREADYEXISTS")
            throw Error(ErrorKind::Usage, "The folder '" + path + "' already exists on the server");
        throw Error(ErrorKind::Protocol, "The IMAP server refused to create '" + path + "': " + r.text);
    }
    session_.execute(net::ImapCommand("SUBSCRIBE").addMailbox(path));
    refreshImapFolders(session_, db_, accountId_);
    auto f = store::FolderRepository(db_).find(accountId_, path);
    if (!f) throw Error(ErrorKind::Protocol, "The server created '" + path + "' but does not list it");
    return *f;
}

std::vector<std::string> ImapFolderOps::remove(const std::string& path, bool recursive) {
    requireName(path);
    if (isInbox(path)) throw Error(ErrorKind::Usage, "INBOX cannot be deleted");
    auto self = listImapFolders(session_, path);
    auto listed = std::find_if(self.begin(), self.end(), [&](const ImapListedFolder& f) { return f.info.path == path; });
    if (listed == self.end()) throw Error(ErrorKind::NotFound, "The server has no folder '" + path + "'");
    const char sep = listed->info.separator;
    auto children = listImapFolders(session_, path + sep + "*");
    children.erase(std::remove_if(children.begin(), children.end(),
                                  [&](const ImapListedFolder& f) { return f.nonExistent && !f.hasChildren; }),
                   children.end());
    if (!children.empty() && !recursive)
        throw Error(ErrorKind::Usage, "The folder '" + path + "' has subfolders; delete with --recursive");
    // Deepest first: a parent deleted before its children would become a phantom on Dovecot.
    std::vector<ImapListedFolder> order(children.begin(), children.end());
    std::sort(order.begin(), order.end(), [](const ImapListedFolder& a, const ImapListedFolder& b) {
        return std::count(a.info.path.begin(), a.info.path.end(), a.info.separator) >
               std::count(b.info.path.begin(), b.info.path.end(), b.info.separator);
    });
    order.push_back(*listed);
    store::FolderRepository folders(db_);
    std::vector<std::string> deleted;
    for (const auto& f : order) {
        if (session_.selectedPath() == f.info.path) session_.unselect();
        auto r = session_.tryExecute(net::ImapCommand("DELETE").addMailbox(f.info.path));
        // A phantom parent (\NonExistent) has nothing to delete; its disappearance is the goal.
        if (!r.ok() && !(r.codeName() == "NONEXISTENT" || f.nonExistent))
            throw Error(ErrorKind::Protocol, "The IMAP server refused to delete '" + f.info.path + "': " + r.text);
        session_.tryExecute(net::ImapCommand("UNSUBSCRIBE").addMailbox(f.info.path));
        if (auto local = folders.find(accountId_, f.info.path)) folders.remove(local->id);
        deleted.push_back(f.info.path);
    }
    return deleted;
}

void ImapFolderOps::rename(const std::string& from, const std::string& to) {
    requireName(from);
    requireName(to);
    if (isInbox(from)) throw Error(ErrorKind::Usage, "INBOX cannot be renamed");
    if (session_.selectedPath() == from) session_.unselect();
    auto r = session_.tryExecute(net::ImapCommand("RENAME").addMailbox(from).addMailbox(to));
    if (!r.ok()) {
        const auto code = r.codeName();
        throw Error(code == "NONEXISTENT" ? ErrorKind::NotFound : code == "ALREADYEXISTS" ? ErrorKind::Usage
                                                                                         : ErrorKind::Protocol,
                    "The IMAP server refused to rename '" + from + "' to '" + to + "': " + r.text);
    }
    // Dovecot moves the renamed mailbox's own subscription but leaves its children subscribed under
    // the old names (engine::FolderService re-subscribes those); subscribe the new name in case a
    // server moves none.
    session_.tryExecute(net::ImapCommand("SUBSCRIBE").addMailbox(to));
    store::FolderRepository folders(db_);
    if (auto local = folders.find(accountId_, from)) {
        store::Txn txn(db_);
        folders.renameTree(accountId_, from, to, local->separator);
        txn.commit();
    }
    refreshImapFolders(session_, db_, accountId_);
}

void ImapFolderOps::setSubscribed(const std::string& path, bool subscribed) {
    requireName(path);
    session_.execute(net::ImapCommand(subscribed ? "SUBSCRIBE" : "UNSUBSCRIBE").addMailbox(path));
    store::FolderRepository folders(db_);
    auto local = folders.find(accountId_, path);
    if (!local) {
        refreshImapFolders(session_, db_, accountId_);
        return;
    }
    local->subscribed = subscribed;
    folders.upsert(*local);
}

}  // namespace petrel::sync
