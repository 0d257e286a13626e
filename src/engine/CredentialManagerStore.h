#pragma once
// Windows only; compiled to nothing elsewhere.
#if defined(_WIN32)

#include "engine/SecretStore.h"

namespace petrel::engine {

// Windows Credential Manager: generic credentials (CRED_TYPE_GENERIC) with target name
// "Petrel/<account>/<user>", UserName <user>, the password as UTF-8 bytes in the credential
// blob, persisted per user on this machine (CRED_PERSIST_LOCAL_MACHINE). The target carries
// the user so one account can hold several logins (wxSecretStore uses the bare service name as
// the target, one user per service; we do not share its items on Windows).
// Link: Advapi32.
class CredentialManagerStore final : public SecretStore {
public:
    CredentialManagerStore() = default;

    void store(const std::string& account, const std::string& user, const std::string& secret) override;
    std::optional<std::string> lookup(const std::string& account, const std::string& user) override;
    bool remove(const std::string& account, const std::string& user) override;
    std::string displayName() const override;
};

}  // namespace petrel::engine

#endif
