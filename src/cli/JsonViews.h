#pragma once
#include <nlohmann/json.hpp>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"

namespace petrel::cli {

// The JSON shapes of petrel-cli's output: one place, so every command prints an account,
// folder or message the same way.
nlohmann::json toJson(const model::AccountConfig& account);
nlohmann::json toJson(const model::FolderInfo& folder);
nlohmann::json toJson(const model::MessageSummary& message);

// ISO 8601 UTC ("2026-11-27T04:22:54Z"); empty for 0.
std::string isoTime(std::int64_t epochSeconds);

}  // namespace petrel::cli
