#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "net/WireBytes.h"

namespace petrel::engine {

struct FolderSyncSummary {
    std::string path;
    std::uint32_t added = 0;
    std::uint32_t updated = 0;
    std::uint32_t removed = 0;
    bool uidValidityReset = false;
    std::uint32_t headerOnly = 0;       // POP3: stored header-only (size limit)
    std::uint32_t deletedOnServer = 0;  // POP3: deleted on the server by this check
};

struct AccountSyncResult {
    std::vector<FolderSyncSummary> folders;
    net::WireBytes bytes;
    // IMAP: queued offline operations that could not be applied (message or folder gone);
    // they stay in the OpQueue as failed.
    std::vector<std::string> conflicts;
};

// "Check mail" for one account, whatever its protocol, run on the account's worker: IMAP
// refreshes the folder tree and syncs headers of every subscribed folder (or only
// `onlyFolder`); POP3 runs its keep/delete-mode check into the local Inbox. Progress goes to
// the job per batch; the wire bytes are booked under "sync" in the account's counters, also
// when the sync fails. `password`: one the user just typed; nullopt = the account's password
// source (keyring or command). Throws model::Error.
AccountSyncResult syncAccount(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                              const std::optional<std::string>& onlyFolder = std::nullopt,
                              const std::optional<std::string>& password = std::nullopt);

}  // namespace petrel::engine
