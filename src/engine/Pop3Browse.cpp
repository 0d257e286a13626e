#include "engine/Pop3Browse.h"

#include "engine/BookedPop3.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"

namespace petrel::engine {

Pop3Listing browsePop3Server(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                             const std::optional<std::string>& password) {
    if (account.protocol != model::Protocol::Pop3)
        throw model::Error(model::ErrorKind::Usage, "Only POP3 accounts have a server listing to browse");
    store::Db& db = workerDatabase(job, profile);
    Pop3Listing out;
    out.bytes = withBookedPop3(job, db, profile, account, "browse", password,
                               [&](sync::Pop3Sync& pop3, net::Pop3Session& session) { out.messages = pop3.browse(session); });
    return out;
}

}  // namespace petrel::engine
