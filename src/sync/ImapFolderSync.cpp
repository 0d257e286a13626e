#include "sync/ImapFolderSync.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "model/Error.h"
#include "net/ImapFetchParser.h"
#include "net/ImapSession.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/Txn.h"

namespace petrel::sync {

namespace {

constexpr const char* kHeaderItems =
    "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])";

std::map<std::uint32_t, model::Flags> localFlags(store::Db& db, std::int64_t folderId, std::uint32_t lo,
                                                 std::uint32_t hi) {
    std::map<std::uint32_t, model::Flags> out;
    auto& st = db.cached("SELECT uid, flags FROM messages WHERE folder_id = ? AND uid BETWEEN ? AND ?");
    store::Stmt::ResetGuard guard(st);
    st.bind(1, folderId).bind(2, lo).bind(3, hi);
    while (st.step()) out[st.getUint32(0)] = st.getUint32(1);
    return out;
}

std::uint32_t localCount(store::Db& db, std::int64_t folderId) {
    auto& st = db.cached("SELECT count(*) FROM messages WHERE folder_id = ?");
    store::Stmt::ResetGuard guard(st);
    st.bind(1, folderId);
    st.step();
    return st.getUint32(0);
}

}  // namespace

ImapFolderSync::ImapFolderSync(net::ImapSession& session, store::Db& db, ImapSyncOptions options)
    : session_(session), db_(db), options_(std::move(options)) {
    if (options_.chunkSize == 0) options_.chunkSize = 1000;
}

void ImapFolderSync::checkCancel() const {
    if (options_.isCancelled && options_.isCancelled())
        throw model::Error(model::ErrorKind::Cancelled, "The sync was cancelled");
}

ImapFolderSyncResult ImapFolderSync::sync(std::int64_t folderId) {
    store::FolderRepository folders(db_);
    store::MessageIndex index(db_);
    auto found = folders.findById(folderId);
    if (!found) throw model::Error(model::ErrorKind::NotFound, "The folder is no longer in the index");
    model::FolderInfo folder = *found;
    ImapFolderSyncResult result;
    result.path = folder.path;
    if (!folder.selectable) return result;

    const net::ImapMailboxState state = session_.select(folder.path, true, true);
    // Messages stored under no known UIDVALIDITY (0) cannot be matched to the server's UIDs
    // either: start over as after a UIDVALIDITY change.
    const bool unknownValidity = folder.uidValidity == 0 && localCount(db_, folder.id) > 0;
    if ((folder.uidValidity != 0 && state.uidValidity != folder.uidValidity) || unknownValidity) {
        result.removed = localCount(db_, folder.id);
        store::Txn txn(db_);
        index.clearFolder(folder.id);
        folders.updateSyncState(folder.id, state.uidValidity, 0, 0);
        txn.commit();
        result.uidValidityReset = true;
        folder.highestModSeq = 0;
    } else if (folder.uidValidity == 0 && state.uidValidity != 0) {
        folders.updateSyncState(folder.id, state.uidValidity, folder.uidNext, folder.highestModSeq);
    }
    checkCancel();

    const std::uint32_t knownMax = index.maxUid(folder.id);
    if (knownMax > 0) {
        result.removed += removeExpunged(folder.id, state.exists);
        checkCancel();
        const bool useModSeq = state.highestModSeq > 0 && folder.highestModSeq > 0;
        if (!(useModSeq && state.highestModSeq == folder.highestModSeq))
            result.updated = syncKnownFlags(folder, state.highestModSeq, useModSeq);
        checkCancel();
    }
    result.added = fetchNew(folder.id, state.exists, index.maxUid(folder.id));

    store::Txn txn(db_);
    folders.updateSyncState(folder.id, state.uidValidity, state.uidNext, state.highestModSeq);
    folders.recount(folder.id);
    txn.commit();
    return result;
}

std::uint32_t ImapFolderSync::removeExpunged(std::int64_t folderId, std::uint32_t serverExists) {
    store::MessageIndex index(db_);
    const std::uint32_t count = localCount(db_, folderId);
    const std::uint32_t knownMax = index.maxUid(folderId);
    if (count == 0) return 0;
    if (serverExists >= count) {
        // The message at position <count> carries the highest local UID exactly when none of the
        // local messages was expunged (UIDs ascend with positions; local = a prefix of the server).
        std::uint32_t probed = 0;
        session_.execute(net::ImapCommand("FETCH").add(std::to_string(count)).add("(UID)"),
                         [&](const net::ImapResponse& r) {
                             if (r.name == "FETCH" && !r.data.empty())
                                 if (const auto* u = r.data[0].get("UID")) probed = static_cast<std::uint32_t>(u->number());
                         });
        if (probed == knownMax) return 0;
    }
    std::uint32_t removed = 0;
    const auto uids = index.uids(folderId);
    for (std::size_t i = 0; i < uids.size(); i += options_.chunkSize) {
        const std::size_t end = std::min(uids.size(), i + options_.chunkSize);
        const std::uint32_t lo = uids[i];
        const std::uint32_t hi = uids[end - 1];
        std::set<std::uint32_t> onServer;
        session_.execute(net::ImapCommand("UID SEARCH UID").add(std::to_string(lo) + ":" + std::to_string(hi)),
                         [&](const net::ImapResponse& r) {
                             if (r.name != "SEARCH") return;
                             for (const auto& v : r.data) onServer.insert(static_cast<std::uint32_t>(v.number()));
                         });
        std::vector<std::uint32_t> gone;
        for (std::size_t k = i; k < end; ++k)
            if (!onServer.count(uids[k])) gone.push_back(uids[k]);
        if (!gone.empty()) {
            store::Txn txn(db_);
            index.removeUids(folderId, gone);
            txn.commit();
            removed += static_cast<std::uint32_t>(gone.size());
        }
        if (options_.progress) options_.progress("expunged", end, uids.size());
        checkCancel();
    }
    return removed;
}

std::uint32_t ImapFolderSync::syncKnownFlags(const model::FolderInfo& folder, std::uint64_t serverModSeq,
                                             bool useModSeq) {
    (void)serverModSeq;
    store::MessageIndex index(db_);
    std::uint32_t updated = 0;
    auto apply = [&](std::uint32_t lo, std::uint32_t hi, const std::vector<std::pair<std::uint32_t, model::Flags>>& got) {
        if (got.empty()) return;
        auto local = localFlags(db_, folder.id, lo, hi);
        std::vector<std::pair<std::uint32_t, model::Flags>> changed;
        for (const auto& [uid, flags] : got) {
            auto it = local.find(uid);
            if (it != local.end() && it->second != flags) changed.emplace_back(uid, flags);
        }
        if (changed.empty()) return;
        store::Txn txn(db_);
        index.setFlagsBatch(folder.id, changed);
        txn.commit();
        updated += static_cast<std::uint32_t>(changed.size());
    };
    auto collect = [](std::vector<std::pair<std::uint32_t, model::Flags>>& into) {
        return [&into](const net::ImapResponse& r) {
            if (r.name != "FETCH" || r.data.empty()) return;
            const auto* uid = r.data[0].get("UID");
            const auto* flags = r.data[0].get("FLAGS");
            if (uid && flags) into.emplace_back(static_cast<std::uint32_t>(uid->number()), net::flagsFromList(*flags));
        };
    };
    const std::uint32_t knownMax = index.maxUid(folder.id);
    if (useModSeq) {
        std::vector<std::pair<std::uint32_t, model::Flags>> got;
        session_.execute(net::ImapCommand("UID FETCH")
                             .add("1:" + std::to_string(knownMax))
                             .add("(UID FLAGS) (CHANGEDSINCE " + std::to_string(folder.highestModSeq) + ")"),
                         collect(got));
        for (std::size_t i = 0; i < got.size(); i += options_.chunkSize) {
            std::vector<std::pair<std::uint32_t, model::Flags>> part(
                got.begin() + static_cast<std::ptrdiff_t>(i),
                got.begin() + static_cast<std::ptrdiff_t>(std::min(got.size(), i + options_.chunkSize)));
            std::uint32_t lo = UINT32_MAX, hi = 0;
            for (const auto& [u, f] : part) {
                lo = std::min(lo, u);
                hi = std::max(hi, u);
            }
            apply(lo, hi, part);
        }
        return updated;
    }
    const auto uids = index.uids(folder.id);
    for (std::size_t i = 0; i < uids.size(); i += options_.chunkSize) {
        const std::size_t end = std::min(uids.size(), i + options_.chunkSize);
        const std::uint32_t lo = uids[i];
        const std::uint32_t hi = uids[end - 1];
        std::vector<std::pair<std::uint32_t, model::Flags>> got;
        session_.execute(
            net::ImapCommand("UID FETCH").add(std::to_string(lo) + ":" + std::to_string(hi)).add("(UID FLAGS)"),
            collect(got));
        apply(lo, hi, got);
        if (options_.progress) options_.progress("flags", end, uids.size());
        checkCancel();
    }
    return updated;
}

std::uint32_t ImapFolderSync::fetchNew(std::int64_t folderId, std::uint32_t serverExists, std::uint32_t knownMax) {
    store::MessageIndex index(db_);
    std::uint32_t have = localCount(db_, folderId);
    if (serverExists <= have) return 0;
    const std::uint32_t total = serverExists - have;
    std::uint32_t added = 0;
    std::uint32_t next = have + 1;
    while (next <= serverExists) {
        const std::uint32_t last = std::min<std::uint64_t>(serverExists, std::uint64_t{next} + options_.chunkSize - 1);
        std::vector<model::MessageSummary> batch;
        batch.reserve(last - next + 1);
        session_.execute(net::ImapCommand("FETCH").add(std::to_string(next) + ":" + std::to_string(last)).add(kHeaderItems),
                         [&](const net::ImapResponse& r) {
                             if (r.name != "FETCH") return;
                             auto m = net::summaryFromFetch(r);
                             if (!m || m->uid <= knownMax) return;
                             m->folderId = folderId;
                             batch.push_back(std::move(*m));
                         });
        if (!batch.empty()) {
            store::Txn txn(db_);
            index.upsertBatch(batch);
            txn.commit();
            added += static_cast<std::uint32_t>(batch.size());
            knownMax = std::max(knownMax, batch.back().uid);
        }
        if (options_.progress) options_.progress("headers", last - have, total);
        next = last + 1;
        if (next <= serverExists) checkCancel();
    }
    return added;
}

}  // namespace petrel::sync
