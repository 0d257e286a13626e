#pragma once
#include <chrono>
#include <functional>
#include <string>

#include "engine/AccountSync.h"
#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::engine {

struct NewMailWatchOptions {
    // Polled with the job's cancel token (at least every 200 ms): true ends the watch normally.
    std::function<bool()> stop;
    // false = poll with STATUS even when the server advertises IDLE (tests, broken servers).
    bool allowIdle = true;
    // RFC 2177: a client re-issues IDLE at most every 29 minutes.
    std::chrono::seconds maxIdle{29 * 60};
};

// "New mail" for one IMAP folder, run as a long job on the account's worker: connects,
// EXAMINEs the folder and IDLEs on it when the server advertises IDLE, otherwise polls
// STATUS (MESSAGES UIDNEXT UNSEEN) every `interval` on a session without the folder selected.
// Whenever the folder changed, runs its header sync (syncAccount with onlyFolder, booked under
// "sync") and calls onNewMail with the result. The watching connection's bytes are booked under
// "idle". Returns when options.stop() says so; a cancelled job throws ErrorKind::Cancelled.
void watchForNewMail(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::string& folder, std::chrono::seconds interval,
                     const std::function<void(const AccountSyncResult&)>& onNewMail,
                     const NewMailWatchOptions& options = {});

}  // namespace petrel::engine
