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
    // After a dropped connection: wait firstRetry, then twice as long after each failed attempt,
    // at most maxRetryDelay; give up (rethrow the network error) after maxFailedAttempts failed
    // attempts in a row. The waits end early on stop/cancel.
    std::chrono::milliseconds firstRetry{1000};
    std::chrono::milliseconds maxRetryDelay{60'000};
    unsigned maxFailedAttempts = 10;
    // Told about each reconnect attempt (attempt number from 1, the error that caused it).
    std::function<void(unsigned attempt, const std::string& error)> onReconnect;
    // Called whenever the watch starts waiting for a change: the folder is selected (IDLE) or its
    // baseline STATUS taken, so anything arriving from now on is reported.
    std::function<void()> onWaiting;
};

// "New mail" for one IMAP folder, run as a long job on the account's worker, on ONE connection:
// connects, EXAMINEs the folder and IDLEs on it when the server advertises IDLE, otherwise polls
// STATUS (MESSAGES UIDNEXT UNSEEN) every `interval` with no folder selected. Whenever the folder
// changed, ends IDLE (DONE), runs the folder's header sync on the same connection (booked under
// "sync"), calls onNewMail with the result, and IDLEs again. A dropped connection (network error)
// is reconnected with backoff (see the options); after a reconnect the folder is synced once and
// onNewMail is called if anything changed meanwhile. The rest of the watching connection's bytes
// are booked under "idle". Returns when options.stop() says so; a cancelled job throws
// ErrorKind::Cancelled; authentication, certificate and storage errors end the watch.
void watchForNewMail(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::string& folder, std::chrono::seconds interval,
                     const std::function<void(const AccountSyncResult&)>& onNewMail,
                     const NewMailWatchOptions& options = {});

}  // namespace petrel::engine
