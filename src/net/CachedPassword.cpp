#include "net/CachedPassword.h"

#include "model/Error.h"

namespace petrel::net {

CachedPassword::CachedPassword(std::string user, PasswordSupplier supplier,
                               std::function<void(const std::string&)> onSecret)
    : user_(std::move(user)), supplier_(std::move(supplier)), onSecret_(std::move(onSecret)) {}

std::string CachedPassword::get() const {
    std::lock_guard lock(mutex_);
    if (!password_) {
        if (!supplier_) throw model::Error(model::ErrorKind::Auth, "No password is available for " + user_);
        std::string p = supplier_();
        if (onSecret_) onSecret_(p);
        password_ = std::move(p);
    }
    return *password_;
}

std::string CachedPassword::kept() const {
    std::lock_guard lock(mutex_);
    return password_.value_or(std::string());
}

bool CachedPassword::requested() const {
    std::lock_guard lock(mutex_);
    return password_.has_value();
}

void CachedPassword::forget() {
    std::lock_guard lock(mutex_);
    password_.reset();
}

}  // namespace petrel::net
