#pragma once
#include <functional>
#include <string>

#include "cli/CliContext.h"
#include "engine/JobContext.h"
#include "engine/JobQueue.h"
#include "model/AccountConfig.h"

namespace petrel::cli {

// Runs one engine job for an account and waits for it, as the GUI would run it in the
// background: on the account's worker thread, with progress on stderr (when it is a terminal),
// questions answered from the command line's non-interactive policy (certificates are never
// trusted implicitly: pin them with --trust-fingerprint), Ctrl-C cancelling it, and the typed
// error rethrown here.
void runAccountJob(CliContext& ctx, const model::AccountConfig& account, engine::Lane lane,
                   const std::string& jobName, const std::function<void(engine::JobContext&)>& body);

}  // namespace petrel::cli
