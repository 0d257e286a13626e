#include "engine/ForwardSource.h"

#include <sstream>

#include "engine/ImapJobSession.h"
#include "engine/MessageService.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "store/ByteCounters.h"
#include "store/PartCache.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageReader.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {

std::string fetchRawMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                            const std::string& folderPath, std::uint32_t uid,
                            const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    if (account.protocol == model::Protocol::Pop3) {
        // openMessage downloads a header-only POP3 message in full and resolves @server.
        auto opened = openMessage(job, profile, account, folderPath, uid, 1, password);
        auto raw = sync::LocalMailbox(db, profile.cacheDirectory()).raw(opened.summary.id);
        if (!raw)
            throw model::Error(model::ErrorKind::Storage,
                               "the message's bytes are missing from the local store");
        return *raw;
    }
    ImapJobSession session(account, job, password);
    std::ostringstream out;
    auto book = [&] {
        session.close();
        const auto b = session.bytes();
        if (b.sent + b.received > 0) store::ByteCounters(db).add(account.id, "open", b.sent, b.received);
    };
    try {
        store::PartCache cache(db, profile.cacheDirectory());
        auto folder = sync::findImapFolder(&session.get(), db, account, folderPath);
        sync::ImapMessageReader reader([&session]() -> net::ImapSession& { return session.get(); }, db, cache,
                                       account);
        reader.writeRaw(folder, uid, out);
    } catch (...) {
        try {
            book();
        } catch (...) {
        }
        throw;
    }
    book();
    return out.str();
}

}  // namespace petrel::engine
