#pragma once
#include <functional>
#include <optional>
#include <string>

#include "engine/ImapJobSession.h"
#include "engine/JobContext.h"
#include "model/AccountConfig.h"
#include "net/WireBytes.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

// Runs `body` with a lazy IMAP session of the job and books the session's wire bytes in the
// account's counters under `operation`, also when body throws (a metered link paid for them
// anyway). Returns the bytes used.
net::WireBytes withBookedImap(JobContext& job, store::Db& db, const model::AccountConfig& account,
                              const std::string& operation, const std::optional<std::string>& password,
                              const std::function<void(ImapJobSession&)>& body);

}  // namespace petrel::engine
