#pragma once
#include <functional>
#include <string>
#include <vmime/security/sasl/defaultSASLAuthenticator.hpp>

#include "net/PasswordAuthenticator.h"

namespace petrel::net {

// SMTP AUTH goes through vmime's SASL code (SMTP has no plain LOGIN command), so this is the
// SASL counterpart of PasswordAuthenticator: the account's user, the password from the
// supplier, and exactly one mechanism per connection (PLAIN, else LOGIN, else vmime's
// suggestion) so a wrong password costs one failed attempt, not one per mechanism the server
// lists. The password is fetched when vmime picks the mechanism, i.e. after TLS is up and the
// server's certificate accepted, never inside gsasl's C callbacks (a C++ exception must not
// cross them).
class SmtpAuthenticator : public vmime::security::sasl::defaultSASLAuthenticator {
public:
    SmtpAuthenticator(std::string user, PasswordSupplier supplier,
                      std::function<void(const std::string&)> onSecret);

    const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>> getAcceptableMechanisms(
        const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>>& available,
        vmime::shared_ptr<vmime::security::sasl::SASLMechanism> suggested) const override;

    const vmime::string getUsername() const override;
    const vmime::string getPassword() const override;

    bool passwordRequested() const;
    void forgetPassword();

private:
    CachedPassword password_;
};

}  // namespace petrel::net
