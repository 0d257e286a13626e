#include "MailSync.h"

#include "engine/AccountSync.h"
#include "engine/UserDecisions.h"

namespace petrel::ui {

SyncAccountFn MailSync::make(std::shared_ptr<engine::SecretStore> secrets) {
    return [secrets = std::move(secrets)](engine::JobContext& job, const engine::Profile& profile,
                                          const model::AccountConfig& account) {
        engine::withUserDecisions(job, profile, account, *secrets,
                                  [&](const model::AccountConfig& amended, const std::optional<std::string>& password) {
                                      engine::syncAccount(job, profile, amended, std::nullopt, password);
                                  });
    };
}

}  // namespace petrel::ui
