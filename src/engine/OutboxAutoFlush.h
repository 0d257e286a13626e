#pragma once
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::engine {

// Called when an account is checked for mail: sends what waits in its outbox (flushOutbox)
// when there is something to send and an SMTP server to send it to. Failures never stop the
// mail check: the items keep their state and reason for the outbox view; only cancellation
// propagates. Returns the number of messages sent.
std::uint32_t flushOutboxBeforeSync(JobContext& job, const Profile& profile,
                                    const model::AccountConfig& account,
                                    const std::optional<std::string>& password);

}  // namespace petrel::engine
