#include "EngineHost.h"

#include "GuiQuestionHandler.h"
#include "MailSync.h"
#include "WxUiPoster.h"
#include "engine/SecretStore.h"

namespace petrel::ui {

EngineHost::EngineHost(engine::Profile profile, std::shared_ptr<engine::SecretStore> secrets)
    : secrets_(secrets ? std::move(secrets) : std::shared_ptr<engine::SecretStore>(engine::makePlatformSecretStore())),
      engine_(std::make_unique<engine::Engine>(std::move(profile), WxUiPoster::poster(), GuiQuestionHandler::make())),
      sync_(MailSync::make(secrets_)) {}

EngineHost::~EngineHost() { shutdown(); }

void EngineHost::setSyncAccount(SyncAccountFn sync) {
    sync_ = sync ? std::move(sync) : MailSync::make(secrets_);
}

void EngineHost::shutdown() { engine_->shutdown(); }

}  // namespace petrel::ui
