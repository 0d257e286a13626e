#pragma once
#include <functional>
#include <string>

#include "model/AccountConfig.h"
#include "net/WireBytes.h"

namespace petrel::store {
class Db;
}

namespace petrel::engine {

// Runs `work`, then adds `bytesUsed()` to the account's byte counters under `operation` (nothing
// for an unused link) and returns them. Books also when work throws — a metered link paid for
// the bytes anyway — and then rethrows work's error, the one worth reporting.
net::WireBytes runBooked(store::Db& db, const model::AccountConfig& account, const std::string& operation,
                         const std::function<net::WireBytes()>& bytesUsed, const std::function<void()>& work);

}  // namespace petrel::engine
