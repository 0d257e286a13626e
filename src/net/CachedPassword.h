#pragma once
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace petrel::net {

// Produces the password on demand: the OS keyring or a passwordCommand. Called on the
// connection's worker thread, only when vmime is about to log in (so never for a connection
// refused at the TLS stage). May throw model::Error (e.g. keyring locked), which aborts the
// connection with that error.
using PasswordSupplier = std::function<std::string()>;

// The user name and the password of one account's logins, for the vmime authenticators. The
// password is asked of the supplier on first use and kept for later connections until forget();
// every secret handed out is reported to onSecret first, so the tracer can scrub it before the
// command that carries it is even traced. Thread-safe.
class CachedPassword {
public:
    CachedPassword(std::string user, PasswordSupplier supplier, std::function<void(const std::string&)> onSecret);

    const std::string& user() const { return user_; }
    // Asks the supplier when nothing is kept; Auth error without a supplier.
    std::string get() const;
    // What is kept, without asking ("" before the first get()).
    std::string kept() const;
    bool requested() const;
    void forget();

private:
    std::string user_;
    PasswordSupplier supplier_;
    std::function<void(const std::string&)> onSecret_;
    mutable std::mutex mutex_;
    mutable std::optional<std::string> password_;
};

}  // namespace petrel::net
