#include "net/SmtpAuthenticator.h"

#include <vmime/security/sasl/SASLMechanism.hpp>

#include "model/Error.h"

namespace petrel::net {

SmtpAuthenticator::SmtpAuthenticator(std::string user, PasswordSupplier supplier,
                                     std::function<void(const std::string&)> onSecret)
    : user_(std::move(user)), supplier_(std::move(supplier)), onSecret_(std::move(onSecret)) {}

const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>>
SmtpAuthenticator::getAcceptableMechanisms(
    const std::vector<vmime::shared_ptr<vmime::security::sasl::SASLMechanism>>& available,
    vmime::shared_ptr<vmime::security::sasl::SASLMechanism> suggested) const {
    fetchPassword();
    for (const char* preferred : {"PLAIN", "LOGIN"}) {
        for (const auto& m : available)
            if (m->getName() == preferred) return {m};
    }
    if (suggested) return {suggested};
    return {};
}

void SmtpAuthenticator::fetchPassword() const {
    std::lock_guard lock(mutex_);
    if (password_) return;
    if (!supplier_) throw model::Error(model::ErrorKind::Auth, "No password is available for " + user_);
    std::string p = supplier_();
    if (onSecret_) onSecret_(p);
    password_ = std::move(p);
}

const vmime::string SmtpAuthenticator::getUsername() const {
    return user_;
}

const vmime::string SmtpAuthenticator::getPassword() const {
    std::lock_guard lock(mutex_);
    return password_.value_or(std::string());
}

bool SmtpAuthenticator::passwordRequested() const {
    std::lock_guard lock(mutex_);
    return password_.has_value();
}

void SmtpAuthenticator::forgetPassword() {
    std::lock_guard lock(mutex_);
    password_.reset();
}

}  // namespace petrel::net
