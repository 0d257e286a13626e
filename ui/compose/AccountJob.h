#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::ui {

class EngineHost;

// What compose, reply, forward, drafts and the outbox run on an account's worker.
using AccountWork = std::function<void(engine::JobContext&, const engine::Profile&, const model::AccountConfig&,
                                       const std::optional<std::string>& password)>;

// A job body that reads the account again on the worker (a pin or password trusted meanwhile
// counts), then runs `work` with the user asked for what only the user can decide (password,
// certificate, plaintext: engine::withUserDecisions through the GUI's question dialogs).
// askUser false: no question at all (work that never logs in, e.g. queueing in the outbox).
std::function<void(engine::JobContext&)> accountJob(EngineHost& host, std::int64_t accountId, AccountWork work,
                                                    bool askUser = true);

}  // namespace petrel::ui
