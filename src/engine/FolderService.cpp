#include "engine/FolderService.h"

#include "engine/BookedImap.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "store/FolderRepository.h"
#include "sync/ImapFolderOps.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

bool isImap(const model::AccountConfig& account) { return account.protocol == model::Protocol::Imap; }

}  // namespace

std::string folderNameProblem(const std::string& name, char separator) {
    if (name.find_first_not_of(" \t") == std::string::npos) return "A folder needs a name.";
    if (separator && name.find(separator) != std::string::npos)
        return std::string("A folder name cannot contain '") + separator + "' (it separates folder levels).";
    if (name.find_first_of("\r\n*%") != std::string::npos)
        return "A folder name cannot contain line breaks, '*' or '%'.";
    return {};
}

FolderChange createFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& path, const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    FolderChange out;
    if (!isImap(account)) {
        out.folder = sync::LocalMailbox(db, profile.cacheDirectory()).createFolder(account.id, path);
        return out;
    }
    out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
        out.folder = sync::ImapFolderOps(s.get(), db, account.id).create(path);
    });
    return out;
}

FolderChange deleteFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& path, bool recursive, const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    FolderChange out;
    if (!isImap(account)) {
        const std::string prefix = path + "/";
        for (const auto& f : store::FolderRepository(db).list(account.id))
            if (f.path.rfind(prefix, 0) == 0) out.paths.push_back(f.path);
        sync::LocalMailbox(db, profile.cacheDirectory()).deleteFolder(account.id, path, recursive);
        out.paths.push_back(path);
        return out;
    }
    out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
        out.paths = sync::ImapFolderOps(s.get(), db, account.id).remove(path, recursive);
    });
    return out;
}

FolderChange renameFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& from, const std::string& to,
                          const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    FolderChange out;
    if (from == to) throw Error(ErrorKind::Usage, "The folder is already called '" + to + "'");
    if (!isImap(account)) {
        sync::LocalMailbox(db, profile.cacheDirectory()).renameFolder(account.id, from, to);
        out.folder = store::FolderRepository(db).find(account.id, to);
        return out;
    }
    // Subfolders keep their subscription: the server renames the mailboxes, but the
    // subscriptions of the children stay under the old names (seen with Dovecot).
    std::vector<std::string> subscribedChildren;
    store::FolderRepository folders(db);
    if (const auto self = folders.find(account.id, from); self && self->separator) {
        const std::string prefix = from + self->separator;
        for (const auto& f : folders.list(account.id))
            if (f.subscribed && f.path.compare(0, prefix.size(), prefix) == 0)
                subscribedChildren.push_back(to + f.path.substr(from.size()));
    }
    out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
        sync::ImapFolderOps ops(s.get(), db, account.id);
        ops.rename(from, to);
        for (const auto& child : subscribedChildren) ops.setSubscribed(child, true);
    });
    out.folder = store::FolderRepository(db).find(account.id, to);
    return out;
}

FolderChange setFolderSubscribed(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                 const std::string& path, bool subscribed,
                                 const std::optional<std::string>& password) {
    if (!isImap(account)) throw Error(ErrorKind::Usage, "POP3 folders are local: there is nothing to subscribe to");
    store::Db& db = workerDatabase(job, profile);
    FolderChange out;
    out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
        sync::ImapFolderOps(s.get(), db, account.id).setSubscribed(path, subscribed);
    });
    out.folder = store::FolderRepository(db).find(account.id, path);
    return out;
}

}  // namespace petrel::engine
