#pragma once
// macOS only; compiled to nothing elsewhere.
#if defined(__APPLE__)

#include "engine/SecretStore.h"

namespace petrel::engine {

// The user's login keychain through the Security framework's SecItem API: generic-password
// items with service (kSecAttrService) "Petrel/<account>", account (kSecAttrAccount) <user>
// and label "Petrel: <account>". That is the service/account pair wxSecretStore's macOS
// implementation uses (SecKeychainAddGenericPassword), so a wx build would find them.
// Link: -framework Security -framework CoreFoundation.
class KeychainStore final : public SecretStore {
public:
    KeychainStore() = default;

    void store(const std::string& account, const std::string& user, const std::string& secret) override;
    std::optional<std::string> lookup(const std::string& account, const std::string& user) override;
    bool remove(const std::string& account, const std::string& user) override;
    std::string displayName() const override;
};

}  // namespace petrel::engine

#endif
