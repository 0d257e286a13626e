#pragma once
#include <memory>

#include "EngineHost.h"

namespace petrel::engine {
class SecretStore;
}

namespace petrel::ui {

// What "Check mail" runs for an account: the engine's IMAP / POP3 sync, with the password,
// plaintext and certificate questions answered by the user through the job (GuiQuestionHandler).
class MailSync {
public:
    static SyncAccountFn make(std::shared_ptr<engine::SecretStore> secrets);
};

}  // namespace petrel::ui
