#pragma once
#include <functional>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::engine {

class SecretStore;

// Runs network work for an account and asks the user, through the job, what only the user can
// decide: a password when none is stored or the server rejected it (kept in the keyring when
// the user says so), consent before a plaintext login, and whether to trust a certificate the
// system does not (the pin is stored when the user says so). The work is retried once after
// each answer. `work` gets the account as amended and the password typed, if any (nullopt: use
// the account's password source).
void withUserDecisions(
    JobContext& job, const Profile& profile, model::AccountConfig account, SecretStore& secrets,
    const std::function<void(const model::AccountConfig&, const std::optional<std::string>& password)>& work);

}  // namespace petrel::engine
