#pragma once
#include <functional>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "net/Pop3Session.h"
#include "net/WireBytes.h"
#include "sync/Pop3Sync.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

// Runs `body` with a connected POP3 session of the job (the password from `password`, else the
// platform secret store) and books the session's wire bytes in the account's counters under
// `operation`, also when body throws. Returns the bytes used.
net::WireBytes withBookedPop3(JobContext& job, store::Db& db, const Profile& profile,
                              const model::AccountConfig& account, const std::string& operation,
                              const std::optional<std::string>& password,
                              const std::function<void(sync::Pop3Sync&, net::Pop3Session&)>& body);

}  // namespace petrel::engine
