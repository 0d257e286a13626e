#include "engine/NewMailWatch.h"

#include <algorithm>
#include <memory>
#include <thread>

#include "engine/ImapJobSession.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/ImapCommand.h"
#include "net/ImapSession.h"
#include "store/ByteCounters.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"

namespace petrel::engine {
namespace {

struct FolderStatus {
    std::uint64_t messages = 0;
    std::uint64_t uidNext = 0;
    std::uint64_t unseen = 0;
    bool operator==(const FolderStatus&) const = default;
};

FolderStatus folderStatus(net::ImapSession& imap, const std::string& folder) {
    // Dovecot answers STATUS of the selected mailbox from the session's own view, which a sync
    // left selected: leave it first (DESIGN.md §6).
    imap.unselect();
    FolderStatus s;
    net::ImapCommand cmd("STATUS");
    cmd.addMailbox(folder).add("(MESSAGES UIDNEXT UNSEEN)");
    imap.execute(cmd, [&](const net::ImapResponse& r) {
        if (r.name != "STATUS") return;
        for (const auto& v : r.data) {
            if (!v.isList()) continue;
            if (const auto* m = v.get("MESSAGES")) s.messages = m->number();
            if (const auto* u = v.get("UIDNEXT")) s.uidNext = u->number();
            if (const auto* n = v.get("UNSEEN")) s.unseen = n->number();
        }
    });
    return s;
}

// One connection of the watch: its bytes are booked when it ends, the syncs' share under
// "sync", the rest under "idle".
class WatchConnection {
public:
    WatchConnection(JobContext& job, store::Db& db, const model::AccountConfig& account)
        : db_(db), account_(account), session_(account, job) {}
    ~WatchConnection() {
        try {
            session_.close();
            const net::WireBytes all = session_.bytes() - synced_;
            if (all.sent + all.received > 0) store::ByteCounters(db_).add(account_.id, "idle", all.sent, all.received);
        } catch (...) {
        }
    }
    net::ImapSession& imap() { return session_.get(); }

    AccountSyncResult sync(const std::string& path, const sync::ImapSyncOptions& options) {
        auto& imap = session_.get();
        const net::WireBytes before = imap.wireBytes();
        AccountSyncResult result;
        auto book = [&] {
            result.bytes = imap.wireBytes() - before;
            synced_ += result.bytes;
            store::ByteCounters(db_).add(account_.id, "sync", result.bytes.sent, result.bytes.received);
        };
        try {
            auto folder = sync::findImapFolder(&imap, db_, account_, path);
            auto r = sync::ImapFolderSync(imap, db_, options).sync(folder.id);
            result.folders.push_back({r.path, r.added, r.updated, r.removed, r.uidValidityReset, 0, 0});
        } catch (...) {
            book();
            throw;
        }
        book();
        return result;
    }

private:
    store::Db& db_;
    const model::AccountConfig& account_;
    ImapJobSession session_;
    net::WireBytes synced_;
};

bool changedAnything(const AccountSyncResult& r) {
    for (const auto& f : r.folders)
        if (f.added || f.updated || f.removed || f.uidValidityReset) return true;
    return false;
}

}  // namespace

void watchForNewMail(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::string& folder, std::chrono::seconds interval,
                     const std::function<void(const AccountSyncResult&)>& onNewMail,
                     const NewMailWatchOptions& options) {
    if (account.protocol != model::Protocol::Imap) {
        throw model::Error(model::ErrorKind::Usage, "watching for new mail needs an IMAP account ('" + account.name + "')");
    }
    if (interval.count() < 1) interval = std::chrono::seconds(1);
    store::Db& db = workerDatabase(job, profile);
    auto stopped = [&] { return job.cancel().isCancelled() || (options.stop && options.stop()); };
    auto waitFor = [&](std::chrono::milliseconds span) {
        const auto due = std::chrono::steady_clock::now() + span;
        while (!stopped() && std::chrono::steady_clock::now() < due)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    };
    sync::ImapSyncOptions syncOptions;
    syncOptions.isCancelled = [&job] { return job.cancel().isCancelled(); };
    syncOptions.progress = [&job, &folder](const std::string& phase, std::uint64_t done, std::uint64_t total) {
        job.reportProgress(folder + ": " + phase, done, total);
    };

    unsigned failed = 0;
    bool reconnected = false;
    while (!stopped()) {
        try {
            WatchConnection connection(job, db, account);
            auto& imap = connection.imap();
            if (reconnected) {
                // Mail that came while the link was down.
                auto r = connection.sync(folder, syncOptions);
                if (changedAnything(r) && onNewMail) onNewMail(r);
            }
            failed = 0;
            if (options.allowIdle && imap.hasCapability("IDLE")) {
                while (!stopped()) {
                    imap.select(folder, true);
                    if (options.onWaiting) options.onWaiting();
                    if (!imap.idle(stopped, options.maxIdle) || stopped()) continue;
                    auto r = connection.sync(folder, syncOptions);
                    if (onNewMail) onNewMail(r);
                }
            } else {
                FolderStatus last = folderStatus(imap, folder);
                while (!stopped()) {
                    if (options.onWaiting) options.onWaiting();
                    waitFor(interval);
                    if (stopped()) break;
                    FolderStatus now = folderStatus(imap, folder);
                    if (now == last) continue;
                    last = now;
                    auto r = connection.sync(folder, syncOptions);
                    if (onNewMail) onNewMail(r);
                    last = folderStatus(imap, folder);
                }
            }
        } catch (const model::Error& e) {
            if (e.kind() != model::ErrorKind::Network) throw;
            if (stopped()) break;
            if (++failed > options.maxFailedAttempts) throw;
            if (options.onReconnect) options.onReconnect(failed, e.what());
            auto delay = options.firstRetry;
            for (unsigned i = 1; i < failed && delay < options.maxRetryDelay; ++i) delay *= 2;
            waitFor(std::min(delay, options.maxRetryDelay));
            reconnected = true;
        }
    }
    if (job.cancel().isCancelled()) throw model::Error(model::ErrorKind::Cancelled, "watching for new mail was cancelled");
}

}  // namespace petrel::engine
