#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::engine {

// The whole raw message stored at folderPath/uid: IMAP BODY.PEEK[] (bytes booked under "open"),
// POP3 the local copy (downloaded first when only its header is stored). For forwarding as an
// attachment and reopening drafts.
std::string fetchRawMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                            const std::string& folderPath, std::uint32_t uid,
                            const std::optional<std::string>& password);

}  // namespace petrel::engine
