#pragma once
#include <functional>
#include <string>
#include <vmime/security/defaultAuthenticator.hpp>

#include "net/CachedPassword.h"

namespace petrel::net {

// Hands vmime the account's user name and the supplied password (instead of vmime reading
// them from session properties, where the password would sit in a property set for the life
// of the session). The password is fetched on first use and kept as CachedPassword describes.
class PasswordAuthenticator : public vmime::security::defaultAuthenticator {
public:
    PasswordAuthenticator(std::string user, PasswordSupplier supplier,
                          std::function<void(const std::string&)> onSecret = {});

    const vmime::string getUsername() const override;
    const vmime::string getPassword() const override;

    bool passwordRequested() const;
    // After the server refused the password: the next login asks the supplier again (the user
    // may have corrected it in the keyring) instead of repeating a known-bad one.
    void forgetPassword();

private:
    CachedPassword password_;
};

}  // namespace petrel::net
