#include "engine/Pop3Browse.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/Pop3Session.h"
#include "net/ServiceConnector.h"
#include "store/ByteCounters.h"

namespace petrel::engine {

Pop3Listing browsePop3Server(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                             const std::optional<std::string>& password) {
    if (account.protocol != model::Protocol::Pop3)
        throw model::Error(model::ErrorKind::Usage, "Only POP3 accounts have a server listing to browse");
    store::Db& db = workerDatabase(job, profile);
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
    Pop3Listing out;
    auto book = [&] {
        out.bytes = connector.wireBytes() - before;
        if (out.bytes.sent + out.bytes.received > 0)
            store::ByteCounters(db).add(account.id, "browse", out.bytes.sent, out.bytes.received);
    };
    try {
        net::Pop3Session session(connector);
        out.messages = pop3.browse(session);
    } catch (...) {
        book();
        throw;
    }
    book();
    return out;
}

}  // namespace petrel::engine
