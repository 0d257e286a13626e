#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/Flags.h"

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

struct QueuedImapChange {
    std::int64_t opId = 0;
    model::Flags flags = 0;  // the message's flags in the index afterwards (marks)
    bool removed = false;    // the row left the index (delete, move)
};

// Queues one operation on an indexed message and makes its local change in the same
// transaction, so a crash never leaves one without the other: op is "read", "unread", "flag",
// "unflag" (the flag bit changes in the index), "delete" or "move" (the row is hidden; the next
// sync files it where it went), or "copy" (nothing changes locally); target is the destination
// folder of move/copy. The payload carries what a replay needs to recognise the message: the
// Message-ID and size from the index and the folder's UIDVALIDITY. NotFound when the folder or
// message is not in the index.
QueuedImapChange queueImapChange(store::Db& db, const model::AccountConfig& account, const std::string& op,
                                 const std::string& folderPath, std::uint32_t uid, const std::string& target = {});

// Replays the account's pending operations, oldest first, on a connected session. Before any is
// applied, each folder involved is selected once and the messages the operations name are
// fetched in one UID FETCH (Message-ID header and size): an operation whose folder changed
// UIDVALIDITY, or whose UID now holds another message (a reused UID) or none, is not applied.
// Done ones are marked done; one that cannot apply any more (message or folder gone, UID reused)
// is marked failed and its conflict text returned; a network error stops the replay (the rest
// stays pending).
std::vector<std::string> replayImapOps(net::ImapSession& session, store::Db& db, const model::AccountConfig& account);

// "<id@host>" from a Message-ID header field or an ENVELOPE's message-id (folding, the field
// name and surrounding blanks dropped), so the two sources compare equal.
std::string normalizedMessageId(const std::string& text);

}  // namespace petrel::engine
