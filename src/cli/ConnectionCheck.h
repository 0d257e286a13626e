#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "model/AccountConfig.h"

namespace petrel::cli {

// Logs in once with these settings and logs out again: what `account add` does before it
// saves anything. Throws model::Error (Auth, Tls with the fingerprint to pin, Network...).
nlohmann::json checkConnection(const model::AccountConfig& account, const std::string& password);

}  // namespace petrel::cli
