#pragma once
// Linux and other free Unixes only: macOS and Windows use KeychainStore / CredentialManagerStore.
#if !defined(_WIN32) && !defined(__APPLE__)

#include "engine/SecretStore.h"

namespace petrel::engine {

// The freedesktop Secret Service (gnome-keyring, KeePassXC, KWallet) through libsecret's
// synchronous API. Items use the schema wxSecretStore uses, so a wx build of Petrel would
// find them: schema name "org.freedesktop.Secret.Generic" (stored as the xdg:schema
// attribute and matched), attributes service = "Petrel/<account>" and user = <user>, in the
// default collection, labelled "Petrel: <account>".
//
// Needs a D-Bus session bus with a Secret Service on it; without one every call throws a
// Storage error at once (no hang). The process-wide session bus connection is told not to
// exit the process when the bus goes away (GDBus's default for the shared connection).
class LibsecretStore final : public SecretStore {
public:
    LibsecretStore() = default;

    void store(const std::string& account, const std::string& user, const std::string& secret) override;
    std::optional<std::string> lookup(const std::string& account, const std::string& user) override;
    bool remove(const std::string& account, const std::string& user) override;
    std::string displayName() const override;
};

}  // namespace petrel::engine

#endif
