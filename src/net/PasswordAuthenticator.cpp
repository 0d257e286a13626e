#include "net/PasswordAuthenticator.h"

#include "model/Error.h"

namespace petrel::net {

PasswordAuthenticator::PasswordAuthenticator(std::string user, PasswordSupplier supplier,
                                             std::function<void(const std::string&)> onSecret)
    : user_(std::move(user)), supplier_(std::move(supplier)), onSecret_(std::move(onSecret)) {}

const vmime::string PasswordAuthenticator::getUsername() const {
    return user_;
}

const vmime::string PasswordAuthenticator::getPassword() const {
    std::lock_guard lock(mutex_);
    if (!password_) {
        if (!supplier_) throw model::Error(model::ErrorKind::Auth, "No password is available for " + user_);
        std::string p = supplier_();
        if (onSecret_) onSecret_(p);
        password_ = std::move(p);
    }
    return *password_;
}

bool PasswordAuthenticator::passwordRequested() const {
    std::lock_guard lock(mutex_);
    return password_.has_value();
}

void PasswordAuthenticator::forgetPassword() {
    std::lock_guard lock(mutex_);
    password_.reset();
}

}  // namespace petrel::net
