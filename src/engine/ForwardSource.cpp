#include "engine/ForwardSource.h"

#include <sstream>

#include "engine/BookedImap.h"
#include "engine/MessageService.h"
#include "engine/Pop3Resolve.h"
#include "engine/WorkerDatabase.h"
#include "store/PartCache.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageReader.h"

namespace petrel::engine {

std::string fetchRawMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                            const std::string& folderPath, std::uint32_t uid,
                            const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    if (account.protocol == model::Protocol::Pop3) {
        // openMessage downloads a header-only POP3 message in full and resolves @server.
        auto opened = openMessage(job, profile, account, folderPath, uid, 1, password);
        return pop3RawMessage(db, profile, opened.summary.id);
    }
    std::ostringstream out;
    withBookedImap(job, db, account, "open", password, [&](ImapJobSession& session) {
        store::PartCache cache(db, profile.cacheDirectory());
        auto folder = sync::findImapFolder(&session.get(), db, account, folderPath);
        sync::ImapMessageReader reader([&session]() -> net::ImapSession& { return session.get(); }, db, cache,
                                       account);
        reader.writeRaw(folder, uid, out);
    });
    return out.str();
}

}  // namespace petrel::engine
