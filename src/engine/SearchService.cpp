#include "engine/SearchService.h"

#include "engine/BookedImap.h"
#include "engine/ImapJobSession.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapServerSearch.h"
#include "sync/ImapFolderSync.h"

namespace petrel::engine {

std::vector<LocalSearchHit> searchLocal(store::Db& db, const sync::ImapSearchQuery& query,
                                        std::optional<std::int64_t> accountId,
                                        std::optional<std::int64_t> folderId, std::size_t limit) {
    std::vector<LocalSearchHit> out;
    const std::string text = query.localText();
    if (text.empty()) return out;
    store::MessageIndex index(db);
    for (auto& hit : index.search(text, accountId, folderId, limit)) {
        if (!query.matchesFilters(hit.message)) continue;
        out.push_back({std::move(hit.message), hit.accountId});
    }
    return out;
}

ServerSearchResult searchServer(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                const sync::ImapSearchQuery& query,
                                const std::optional<std::string>& onlyFolder, bool storeMissing,
                                const std::optional<std::string>& password) {
    if (account.protocol != model::Protocol::Imap)
        throw model::Error(model::ErrorKind::Usage,
                           "server search needs an IMAP account ('" + account.name + "' is POP3)");
    store::Db& db = workerDatabase(job, profile);
    ServerSearchResult out;
    out.bytes = withBookedImap(job, db, account, "search", password, [&](ImapJobSession& session) {
        auto& imap = session.get();
        store::FolderRepository folders(db);
        auto tree = folders.list(account.id);
        if (tree.empty()) tree = sync::refreshImapFolders(imap, db, account.id);
        store::MessageIndex index(db);
        std::size_t done = 0;
        for (const auto& f : tree) {
            if (onlyFolder ? f.path != *onlyFolder : !(f.subscribed && f.selectable)) continue;
            job.cancel().throwIfCancelled();
            const auto uids = sync::searchImapFolder(imap, f.path, query);
            std::vector<ServerSearchHit> hits;
            bool missing = false;
            for (std::uint32_t uid : uids) {
                ServerSearchHit hit{f.path, uid, index.find(f.id, uid), false};
                hit.newToIndex = !hit.message;
                missing = missing || hit.newToIndex;
                hits.push_back(std::move(hit));
            }
            if (missing && storeMissing) {
                sync::ImapFolderSync(imap, db).sync(f.id);
                for (auto& hit : hits)
                    if (!hit.message) hit.message = index.find(f.id, hit.uid);
            }
            for (auto& hit : hits) out.hits.push_back(std::move(hit));
            job.reportProgress("search", ++done, tree.size());
        }
    });
    return out;
}

}  // namespace petrel::engine
