#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::engine {

// IMAP changes made while the server cannot be reached: queued in the OpQueue (kind "imap"),
// replayed in order at the start of the next sync.

// True when the error means "the server cannot be reached" (the only case that queues).
bool isOffline(const model::Error& e);

// Queues one operation: op is "read", "unread", "flag", "unflag", "delete", "move" or "copy";
// target is the destination folder of move/copy. The Message-ID (from the index) goes into the
// payload so a replay can tell the message is gone.
std::int64_t enqueueImapOp(store::Db& db, const model::AccountConfig& account, const std::string& op,
                           const std::string& folderPath, std::uint32_t uid, const std::string& target,
                           const std::string& messageId);

// Replays the account's pending operations, oldest first, on a connected session. Done ones
// are marked done; one that cannot apply any more (message or folder gone) is marked failed
// and its conflict text returned; a network error stops the replay (the rest stays pending).
std::vector<std::string> replayImapOps(net::ImapSession& session, store::Db& db, const model::AccountConfig& account);

}  // namespace petrel::engine
