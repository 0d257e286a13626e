#include "engine/NewMailWatch.h"

#include <thread>

#include "engine/ImapJobSession.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/ImapCommand.h"
#include "net/ImapSession.h"
#include "store/ByteCounters.h"

namespace petrel::engine {
namespace {

struct FolderStatus {
    std::uint64_t messages = 0;
    std::uint64_t uidNext = 0;
    std::uint64_t unseen = 0;
    bool operator==(const FolderStatus&) const = default;
};

FolderStatus folderStatus(net::ImapSession& imap, const std::string& folder) {
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
    auto changed = [&] {
        AccountSyncResult r = syncAccount(job, profile, account, folder);
        if (onNewMail) onNewMail(r);
    };

    ImapJobSession session(account, job);
    auto book = [&] {
        session.close();
        const net::WireBytes b = session.bytes();
        if (b.sent + b.received > 0) store::ByteCounters(db).add(account.id, "idle", b.sent, b.received);
    };
    try {
        auto& imap = session.get();
        if (options.allowIdle && imap.hasCapability("IDLE")) {
            imap.select(folder, true);
            while (!stopped()) {
                if (imap.idle(stopped, options.maxIdle) && !stopped()) changed();
            }
        } else {
            FolderStatus last = folderStatus(imap, folder);
            while (!stopped()) {
                const auto due = std::chrono::steady_clock::now() + interval;
                while (!stopped() && std::chrono::steady_clock::now() < due)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                if (stopped()) break;
                FolderStatus now = folderStatus(imap, folder);
                if (now == last) continue;
                last = now;
                changed();
            }
        }
        if (job.cancel().isCancelled()) throw model::Error(model::ErrorKind::Cancelled, "watching for new mail was cancelled");
    } catch (...) {
        try {
            book();
        } catch (...) {
        }
        throw;
    }
    book();
}

}  // namespace petrel::engine
