#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "net/WireBytes.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

struct Pop3Resolved {
    model::FolderInfo folder;
    model::MessageSummary message;
    net::WireBytes used;  // booked under "fetch"; 0 when the message was stored in full already
};

// The local POP3 message a folder path and uid name, downloaded first when only its header is
// stored (or, for kPop3ServerFolder, when it was never downloaded). Throws model::Error.
Pop3Resolved resolvePop3Message(JobContext& job, store::Db& db, const Profile& profile,
                                const model::AccountConfig& account, const std::string& path, std::uint32_t uid,
                                const std::optional<std::string>& password = {});

// The whole raw message of a resolved POP3 message; Storage error when its bytes are missing.
std::string pop3RawMessage(store::Db& db, const Profile& profile, std::int64_t messageId);

}  // namespace petrel::engine
