#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "net/WireBytes.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

// Where Petrel keeps its own messages: the Sent copy and drafts, on the IMAP server
// (APPEND to the special-use folder, created when missing) or, for POP3 accounts, in a local
// folder of that name. Wire bytes are booked under "send".
struct StoredMessage {
    std::string folder;
    std::uint32_t uid = 0;
    net::WireBytes bytes;
};

StoredMessage storeOwnMessage(JobContext& job, const Profile& profile, store::Db& db,
                              const model::AccountConfig& account, model::SpecialUse use,
                              const std::string& raw, const std::string& messageId,
                              const std::optional<std::string>& password);

// Whether the Sent folder holds a message with this Message-ID (the crash rule of the outbox).
// IMAP asks the server; POP3 looks in the local Sent folder.
bool sentCopyExists(JobContext& job, const Profile& profile, store::Db& db,
                    const model::AccountConfig& account, const std::string& messageId,
                    const std::optional<std::string>& password, net::WireBytes& used);

// The local folder for `use` of a POP3 account ("Sent", "Drafts"), created on first use.
model::FolderInfo ensureLocalSpecialFolder(store::Db& db, const Profile& profile, std::int64_t accountId,
                                           model::SpecialUse use);

const char* folderNameFor(model::SpecialUse use);

void bookSendBytes(store::Db& db, const model::AccountConfig& account, const net::WireBytes& bytes);

}  // namespace petrel::engine
