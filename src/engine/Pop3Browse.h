#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "net/WireBytes.h"
#include "sync/Pop3Sync.h"

namespace petrel::engine {

struct Pop3Listing {
    std::vector<sync::Pop3BrowseEntry> messages;
    net::WireBytes bytes;
};

// What the POP3 server holds, headers only (TOP n 0), with what is already stored here; booked
// under "browse". The numbers name the messages for the "@server" pseudo-folder of
// MessageService until the server's mailbox changes. Throws model::Error.
Pop3Listing browsePop3Server(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                             const std::optional<std::string>& password = {});

}  // namespace petrel::engine
