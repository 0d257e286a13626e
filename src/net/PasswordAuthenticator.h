#pragma once
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vmime/security/defaultAuthenticator.hpp>

namespace petrel::net {

// Produces the password on demand: the OS keyring or a passwordCommand. Called on the
// connection's worker thread, only when vmime is about to log in (so never for a connection
// refused at the TLS stage). May throw model::Error (e.g. keyring locked), which aborts the
// connection with that error.
using PasswordSupplier = std::function<std::string()>;

// Hands vmime the account's user name and the supplied password (instead of vmime reading
// them from session properties, where the password would sit in a property set for the life
// of the session). The password is fetched on first use and kept for later connections of the
// same store until forgetPassword(); every secret it hands out
// is reported to onSecret first, so the tracer can scrub it before the command that carries
// it is even traced.
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
    std::string user_;
    PasswordSupplier supplier_;
    std::function<void(const std::string&)> onSecret_;
    mutable std::mutex mutex_;
    mutable std::optional<std::string> password_;
};

}  // namespace petrel::net
