#include "net/PasswordAuthenticator.h"

namespace petrel::net {

PasswordAuthenticator::PasswordAuthenticator(std::string user, PasswordSupplier supplier,
                                             std::function<void(const std::string&)> onSecret)
    : password_(std::move(user), std::move(supplier), std::move(onSecret)) {}

const vmime::string PasswordAuthenticator::getUsername() const { return password_.user(); }

const vmime::string PasswordAuthenticator::getPassword() const { return password_.get(); }

bool PasswordAuthenticator::passwordRequested() const { return password_.requested(); }

void PasswordAuthenticator::forgetPassword() { password_.forget(); }

}  // namespace petrel::net
