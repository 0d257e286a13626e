#include "net/SmtpAuthenticator.h"

#include <vmime/security/sasl/SASLMechanism.hpp>

namespace petrel::net {

SmtpAuthenticator::SmtpAuthenticator(std::string user, PasswordSupplier supplier,
                                     std::function<void(const std::string&)> onSecret)
    : password_(std::move(user), std::move(supplier), std::move(onSecret)) {}

const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>>
SmtpAuthenticator::getAcceptableMechanisms(
    const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>>& available,
    vmime::shared_ptr<vmime::security::sasl::SASLMechanism> suggested) const {
    password_.get();
    for (const char* preferred : {"PLAIN", "LOGIN"}) {
        for (const auto& m : available)
            if (m->getName() == preferred) return {m};
    }
    if (suggested) return {suggested};
    return {};
}

const vmime::string SmtpAuthenticator::getUsername() const { return password_.user(); }

// Only what getAcceptableMechanisms fetched: this runs inside gsasl's C callbacks.
const vmime::string SmtpAuthenticator::getPassword() const { return password_.kept(); }

bool SmtpAuthenticator::passwordRequested() const { return password_.requested(); }

void SmtpAuthenticator::forgetPassword() { password_.forget(); }

}  // namespace petrel::net
