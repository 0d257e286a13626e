#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/Flags.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "model/PartInfo.h"
#include "net/WireBytes.h"

namespace petrel::engine {

// Opening and changing one message, whatever the account's protocol; the CLI and the GUI both
// call these inside a job on the account's worker (the index through the worker's own
// connection). Wire bytes are booked in the account's counters per operation, also when the
// work fails: IMAP "open" (show), "attachment" (parts), "sync" (flags, delete); POP3 "fetch"
// (downloading a message that is not stored in full) and "delete". `password`: one the user
// just typed; nullopt = the account's password source. Everything throws model::Error.
//
// POP3 folders are local; the pseudo-folder "@server" names message N of the server's mailbox
// (its POP3 message number from the last browse).

inline constexpr const char* kPop3ServerFolder = "@server";

struct OpenedMessage {
    model::FolderInfo folder;
    model::MessageSummary summary;
    std::string text;
    std::string textType;  // "text/plain", "text/html", empty when the message has no text part
    bool partial = false;
    std::uint64_t remainingBytes = 0;  // bytes of the text part beyond what was shown
    std::vector<model::PartInfo> attachments;
    net::WireBytes bytes;  // used by this open (0 when it was answered from the cache)
};

// IMAP: the displayable text part only, capped at maxBytes, from the PartCache when it was
// fetched before (then no connection at all). POP3: the stored message, downloaded in full
// first when only its header is stored. Unread mail becomes read only with markReadOnOpen.
OpenedMessage openMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& folderPath, std::uint32_t uid, std::uint32_t maxBytes,
                          const std::optional<std::string>& password = {});

enum class MessageMark { Read, Unread, Flag, Unflag };

struct FlagsResult {
    model::FolderInfo folder;
    model::Flags flags = 0;  // as the index holds them now
    net::WireBytes bytes;
    bool queued = false;  // IMAP, server unreachable: applied locally, sent at the next sync
};

// IMAP: UID STORE, the index follows the server's OK. POP3: the local index only.
FlagsResult setFlags(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::string& folderPath, std::uint32_t uid, MessageMark mark,
                     const std::optional<std::string>& password = {});

struct DeleteResult {
    // IMAP: "trash" or "expunged". POP3: "local", "local+server", "server" (@server),
    // "local, server later" (the server copy goes at the next check).
    std::string how;
    std::string message;  // a sentence for the user
    net::WireBytes bytes;
    bool queued = false;  // IMAP, server unreachable: removed locally, sent at the next sync
};

// IMAP: per the account's delete policy (ImapMessageOps::remove). POP3: the local copy, and its
// server copy when the account deletes on local delete (an unreachable server is not an
// error: the ledger remembers it for the next check).
DeleteResult deleteMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                           const std::string& folderPath, std::uint32_t uid,
                           const std::optional<std::string>& password = {});

struct PartWrite {
    model::FolderInfo folder;
    std::uint32_t uid = 0;
    std::uint64_t bytesWritten = 0;
    net::WireBytes bytes;
};

// A part by IMAP section, transfer-decoded, to `out`. With `range` (start, length): IMAP writes
// those encoded bytes as the server stores them; POP3 that slice of the decoded part.
PartWrite writePart(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                    const std::string& folderPath, std::uint32_t uid, const std::string& section,
                    const std::optional<std::pair<std::uint64_t, std::uint64_t>>& range, std::ostream& out,
                    const std::optional<std::string>& password = {});

// writePart (decoded, whole) into `outputPath` through a temporary file renamed into place; a
// failure leaves no file behind.
PartWrite saveAttachment(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                         const std::string& folderPath, std::uint32_t uid, const std::string& section,
                         const std::string& outputPath, const std::optional<std::string>& password = {});

}  // namespace petrel::engine
