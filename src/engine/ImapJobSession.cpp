#include "engine/ImapJobSession.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"

namespace petrel::engine {

ImapJobSession::ImapJobSession(model::AccountConfig account, JobContext& job, std::optional<std::string> password)
    : account_(std::move(account)), job_(job), password_(std::move(password)) {}

ImapJobSession::~ImapJobSession() {
    try {
        close();
    } catch (...) {
        // Logging out is a courtesy; the connection goes away with the session either way.
    }
}

net::ImapSession& ImapJobSession::get() {
    if (!session_) {
        net::ConnectOptions options;
        options.isCancelled = [this] { return job_.cancel().isCancelled(); };
        const model::AccountConfig account = account_;
        session_ = std::make_unique<net::ImapSession>(
            account,
            [account, password = password_] {
                if (password) return *password;
                auto secrets = makePlatformSecretStore();
                return PasswordSource(*secrets).passwordFor(account);
            },
            options);
        session_->connect();
    }
    return *session_;
}

net::WireBytes ImapJobSession::bytes() const { return session_ ? session_->wireBytes() : net::WireBytes{}; }

void ImapJobSession::close() {
    if (session_) session_->logout();
}

}  // namespace petrel::engine
