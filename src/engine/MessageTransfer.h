#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "net/WireBytes.h"

namespace petrel::engine {

// Moving, copying and saving whole messages, for both front ends, inside a job on the account's
// worker. IMAP bytes are booked under "sync" (move/copy) and "open" (raw); POP3 works on the
// local folders. `password`: one the user just typed; nullopt = the account's password source.
// Everything throws model::Error.

struct TransferResult {
    bool queued = false;  // IMAP, server unreachable: queued, replayed at the next sync
    std::string message;  // a sentence for the user
    net::WireBytes bytes;
};

// Within one account. IMAP: UID MOVE (or COPY + expunge) / COPY, the index after the server's OK;
// when the server cannot be reached the operation is queued (a move hides the row now, the next
// sync files it in the destination). POP3: the local store.
TransferResult transferMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                               const std::string& folderPath, std::uint32_t uid, const std::string& destination,
                               bool move, const std::optional<std::string>& password = {});

struct RawSave {
    std::uint64_t bytesWritten = 0;
    net::WireBytes bytes;
};

// The whole message as the server stores it (IMAP BODY.PEEK[], so it stays unread; POP3 the
// stored bytes, downloaded in full first when only the header is stored) into `outputPath`,
// through a temporary file renamed into place: a failure leaves no file behind.
RawSave saveRawMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                       const std::string& folderPath, std::uint32_t uid, const std::string& outputPath,
                       const std::optional<std::string>& password = {});

}  // namespace petrel::engine
