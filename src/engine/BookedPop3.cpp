#include "engine/BookedPop3.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "engine/WireBooking.h"
#include "net/ServiceConnector.h"

namespace petrel::engine {

net::WireBytes withBookedPop3(JobContext& job, store::Db& db, const Profile& profile,
                              const model::AccountConfig& account, const std::string& operation,
                              const std::optional<std::string>& password,
                              const std::function<void(sync::Pop3Sync&, net::Pop3Session&)>& body) {
    net::ConnectOptions options;
    options.isCancelled = [&job] { return job.cancel().isCancelled(); };
    net::ServiceConnector connector(
        account,
        [&account, password] {
            if (password) return *password;
            return PasswordSource(*makePlatformSecretStore()).passwordFor(account);
        },
        options);
    sync::Pop3Sync pop3(db, profile.cacheDirectory(), account);
    const auto before = connector.wireBytes();
    return runBooked(
        db, account, operation, [&] { return connector.wireBytes() - before; },
        [&] {
            net::Pop3Session session(connector);
            body(pop3, session);
        });
}

}  // namespace petrel::engine
