#include "engine/AccountSync.h"

#include "engine/BookedImap.h"
#include "engine/BookedPop3.h"
#include "engine/ImapJobSession.h"
#include "engine/OfflineOps.h"
#include "engine/OutboxAutoFlush.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"
#include "sync/Pop3Sync.h"

namespace petrel::engine {
namespace {

AccountSyncResult syncImap(JobContext& job, store::Db& db, const model::AccountConfig& account,
                           const std::optional<std::string>& onlyFolder, const std::optional<std::string>& password) {
    AccountSyncResult result;
    result.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& session) {
        auto& imap = session.get();
        // Changes made offline go first, in the order they were made.
        result.conflicts = replayImapOps(imap, db, account);
        auto tree = sync::refreshImapFolders(imap, db, account.id);
        sync::ImapSyncOptions options;
        options.isCancelled = [&job] { return job.cancel().isCancelled(); };
        bool found = false;
        for (const auto& folder : tree) {
            // INBOX is where new mail lands: synced even when the server lists it unsubscribed
            // (a fresh Dovecot account subscribes nothing).
            const bool wanted = folder.selectable && (folder.subscribed || folder.specialUse == model::SpecialUse::Inbox);
            if (onlyFolder ? folder.path != *onlyFolder : !wanted) continue;
            found = true;
            options.progress = [&job, path = folder.path](const std::string& phase, std::uint64_t done,
                                                          std::uint64_t total) {
                job.reportProgress(path + ": " + phase, done, total);
            };
            auto r = sync::ImapFolderSync(imap, db, options).sync(folder.id);
            result.folders.push_back({r.path, r.added, r.updated, r.removed, r.uidValidityReset, 0, 0});
        }
        if (onlyFolder && !found) {
            throw model::Error(model::ErrorKind::NotFound,
                               "account '" + account.name + "' has no folder '" + *onlyFolder + "'");
        }
    });
    return result;
}

AccountSyncResult syncPop3(JobContext& job, const Profile& profile, store::Db& db,
                           const model::AccountConfig& account, const std::optional<std::string>& onlyFolder,
                           const std::optional<std::string>& password) {
    if (onlyFolder && *onlyFolder != "INBOX") {
        throw model::Error(model::ErrorKind::Usage, "POP3 accounts sync their INBOX only");
    }
    sync::Pop3CheckResult check;
    AccountSyncResult result;
    result.bytes = withBookedPop3(job, db, profile, account, "sync", password,
                                  [&](sync::Pop3Sync& pop3, net::Pop3Session& session) {
                                      check = pop3.check(
                                          session,
                                          [&job](const std::string& phase, std::uint64_t done, std::uint64_t total) {
                                              job.reportProgress(phase, done, total);
                                          },
                                          [&job] { return job.cancel().isCancelled(); });
                                  });
    result.folders.push_back({"INBOX", check.added, 0, 0, false, check.headerOnly, check.deletedOnServer});
    return result;
}

}  // namespace

AccountSyncResult syncAccount(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                              const std::optional<std::string>& onlyFolder, const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    flushOutboxBeforeSync(job, profile, account, password);
    if (account.protocol == model::Protocol::Imap) return syncImap(job, db, account, onlyFolder, password);
    return syncPop3(job, profile, db, account, onlyFolder, password);
}

}  // namespace petrel::engine
