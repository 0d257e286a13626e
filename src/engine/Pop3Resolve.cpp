#include "engine/Pop3Resolve.h"

#include "engine/BookedPop3.h"
#include "engine/MessageService.h"
#include "model/Error.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

Pop3Resolved resolvePop3Message(JobContext& job, store::Db& db, const Profile& profile,
                                const model::AccountConfig& account, const std::string& path, std::uint32_t uid,
                                const std::optional<std::string>& password) {
    Pop3Resolved r;
    sync::LocalMailbox mailbox(db, profile.cacheDirectory());
    std::int64_t id = 0;
    if (path == kPop3ServerFolder) {
        r.used = withBookedPop3(job, db, profile, account, "fetch", password,
                                [&](sync::Pop3Sync& pop3, net::Pop3Session& session) { id = pop3.downloadNumber(session, uid); });
    } else {
        auto folder = mailbox.requireFolder(account.id, path);
        auto m = mailbox.requireMessage(folder, uid);
        id = m.id;
        if (!(m.cacheState & model::CachedFull)) {
            r.used = withBookedPop3(job, db, profile, account, "fetch", password,
                                    [&](sync::Pop3Sync& pop3, net::Pop3Session& session) { pop3.downloadLocal(session, id); });
        }
    }
    auto m = store::MessageIndex(db).findById(id);
    if (!m) throw Error(ErrorKind::NotFound, "the message is no longer stored");
    r.message = *m;
    r.folder = *store::FolderRepository(db).findById(m->folderId);
    return r;
}

std::string pop3RawMessage(store::Db& db, const Profile& profile, std::int64_t messageId) {
    auto raw = sync::LocalMailbox(db, profile.cacheDirectory()).raw(messageId);
    if (!raw) throw Error(ErrorKind::Storage, "the message's bytes are missing from the local store");
    return *raw;
}

}  // namespace petrel::engine
