#pragma once
#include <memory>

#include "EngineHost.h"

namespace petrel::engine {
class SecretStore;
}

namespace petrel::ui {

// The stand-in for the real sync behind "Check mail" until the IMAP / POP3 sync is wired into
// EngineHost::setSyncAccount: it gets the account's password (PasswordSource; asks the user when
// none is stored or the server rejects it), logs in over the account's transport with
// net::testLogin (asks before trusting an unknown certificate or sending a password in clear),
// logs out, and adds the wire bytes to the account's "sync" byte counter. Runs on a worker.
class LoginCheckSync {
public:
    static SyncAccountFn make(std::shared_ptr<engine::SecretStore> secrets);
};

}  // namespace petrel::ui
