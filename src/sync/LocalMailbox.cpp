#include "sync/LocalMailbox.h"

#include "model/Error.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"
#include "store/Clock.h"
#include "store/Stmt.h"
#include "store/Txn.h"

namespace petrel::sync {

using model::Error;
using model::ErrorKind;

model::FolderInfo LocalMailbox::ensureInbox(std::int64_t accountId) {
    store::FolderRepository folders(db_);
    if (auto f = folders.find(accountId, "INBOX")) return *f;
    model::FolderInfo f;
    f.accountId = accountId;
    f.path = "INBOX";
    f.specialUse = model::SpecialUse::Inbox;
    f.local = true;
    f.id = folders.upsert(f);
    folders.updateSyncState(f.id, 1, 1, 0);
    return *folders.findById(f.id);
}

model::FolderInfo LocalMailbox::requireFolder(std::int64_t accountId, const std::string& path) {
    if (path == "INBOX") return ensureInbox(accountId);
    auto f = store::FolderRepository(db_).find(accountId, path);
    if (!f) throw Error(ErrorKind::NotFound, "no local folder '" + path + "'");
    return *f;
}

model::MessageSummary LocalMailbox::requireMessage(const model::FolderInfo& folder, std::uint32_t uid) {
    auto m = store::MessageIndex(db_).find(folder.id, uid);
    if (!m) throw Error(ErrorKind::NotFound, "no message with uid " + std::to_string(uid) + " in '" + folder.path + "'");
    return *m;
}

std::int64_t LocalMailbox::add(std::int64_t folderId, const std::string& raw, bool complete, std::uint32_t textCap,
                               model::Flags flags) {
    store::Txn txn(db_);
    store::MessageIndex index(db_);
    auto parsed = mime::parseMessage(raw, textCap, !complete);
    auto summary = parsed.summary;
    summary.folderId = folderId;
    summary.uid = index.maxUid(folderId) + 1;
    summary.flags = flags;
    summary.internalDate = store::unixNow();
    summary.cacheState = model::CachedHeaders | (complete ? model::CachedFull : 0u);
    index.upsertBatch({summary});
    auto row = index.find(folderId, summary.uid);
    if (!row) throw Error(ErrorKind::Storage, "the stored message vanished");
    index.setCachedText(row->id, parsed.text, parsed.textPartial);
    store::PartCache(db_, cacheDir_).put(row->id, kRawSection, 0, raw, complete);
    txn.commit();
    return row->id;
}

void LocalMailbox::completeMessage(std::int64_t messageId, const std::string& raw, std::uint32_t textCap) {
    store::Txn txn(db_);
    store::MessageIndex index(db_);
    auto old = index.findById(messageId);
    if (!old) throw Error(ErrorKind::NotFound, "the message is no longer stored");
    auto parsed = mime::parseMessage(raw, textCap, false);
    auto summary = parsed.summary;
    summary.folderId = old->folderId;
    summary.uid = old->uid;
    summary.flags = old->flags;
    summary.keywords = old->keywords;
    summary.internalDate = old->internalDate;
    summary.cacheState = model::CachedHeaders | model::CachedFull;
    index.upsertBatch({summary});
    index.setCachedText(messageId, parsed.text, parsed.textPartial);
    store::PartCache cache(db_, cacheDir_);
    cache.removeMessage(messageId);
    cache.put(messageId, kRawSection, 0, raw, true);
    txn.commit();
}

std::optional<std::string> LocalMailbox::raw(std::int64_t messageId) {
    store::PartCache cache(db_, cacheDir_);
    if (!cache.hasComplete(messageId, kRawSection)) return std::nullopt;
    return cache.get(messageId, kRawSection, 0, store::PartCache::kToEnd);
}

std::optional<std::string> LocalMailbox::storedBytes(std::int64_t messageId) {
    if (auto whole = raw(messageId)) return whole;
    auto st = db_.prepare("SELECT length FROM parts WHERE message_id = ?1 AND section = ?2 AND start = 0");
    st.bind(1, messageId).bind(2, std::string(kRawSection));
    if (!st.step()) return std::nullopt;
    return store::PartCache(db_, cacheDir_).get(messageId, kRawSection, 0, st.getUint64(0));
}

std::uint32_t LocalMailbox::move(std::int64_t messageId, std::int64_t targetFolderId) {
    store::Txn txn(db_);
    store::MessageIndex index(db_);
    auto msg = index.findById(messageId);
    if (!msg) throw Error(ErrorKind::NotFound, "no such message");
    if (msg->folderId == targetFolderId) return msg->uid;
    const std::uint32_t uid = index.maxUid(targetFolderId) + 1;
    auto st = db_.prepare("UPDATE messages SET folder_id = ?1, uid = ?2 WHERE id = ?3");
    st.bind(1, targetFolderId).bind(2, uid).bind(3, messageId);
    st.run();
    store::FolderRepository folders(db_);
    folders.recount(msg->folderId);
    folders.recount(targetFolderId);
    txn.commit();
    return uid;
}

std::uint32_t LocalMailbox::copy(std::int64_t messageId, std::int64_t targetFolderId) {
    store::Txn txn(db_);
    store::MessageIndex index(db_);
    auto msg = index.findById(messageId);
    if (!msg) throw Error(ErrorKind::NotFound, "no such message");
    auto bytes = storedBytes(messageId);
    if (!bytes) throw Error(ErrorKind::Storage, "the message's bytes are missing from the cache");
    model::MessageSummary copy = *msg;
    copy.folderId = targetFolderId;
    copy.uid = index.maxUid(targetFolderId) + 1;
    index.upsertBatch({copy});
    auto row = index.find(targetFolderId, copy.uid);
    if (!row) throw Error(ErrorKind::Storage, "the copied message vanished");
    if (auto text = index.cachedText(messageId))
        index.setCachedText(row->id, *text, (msg->cacheState & model::CachedTextPartial) != 0);
    store::PartCache(db_, cacheDir_).put(row->id, kRawSection, 0, *bytes, (msg->cacheState & model::CachedFull) != 0);
    txn.commit();
    return copy.uid;
}

void LocalMailbox::remove(std::int64_t messageId) {
    store::Txn txn(db_);
    store::MessageIndex index(db_);
    auto msg = index.findById(messageId);
    if (!msg) throw Error(ErrorKind::NotFound, "no such message");
    store::PartCache(db_, cacheDir_).removeMessage(messageId);
    index.removeUids(msg->folderId, {msg->uid});
    txn.commit();
}

model::FolderInfo LocalMailbox::createFolder(std::int64_t accountId, const std::string& path) {
    if (path.empty() || path.front() == '/' || path.back() == '/' || path.find("//") != std::string::npos ||
        path.front() == '@')
        throw Error(ErrorKind::Usage, "'" + path + "' is not a usable folder name");
    store::FolderRepository folders(db_);
    if (folders.find(accountId, path) || path == "INBOX")
        throw Error(ErrorKind::Usage, "the folder '" + path + "' exists already");
    store::Txn txn(db_);
    // Parents are created too, so the tree never has holes.
    std::size_t slash = 0;
    std::int64_t id = 0;
    do {
        slash = path.find('/', slash + 1);
        std::string p = path.substr(0, slash);
        if (p != "INBOX" && !folders.find(accountId, p)) {
            model::FolderInfo f;
            f.accountId = accountId;
            f.path = p;
            f.local = true;
            id = folders.upsert(f);
            folders.updateSyncState(id, 1, 1, 0);
        }
    } while (slash != std::string::npos);
    txn.commit();
    return *folders.findById(id);
}

void LocalMailbox::renameFolder(std::int64_t accountId, const std::string& oldPath, const std::string& newPath) {
    if (oldPath == "INBOX") throw Error(ErrorKind::Usage, "the Inbox cannot be renamed");
    if (newPath == "INBOX" || newPath.empty() || newPath.front() == '@')
        throw Error(ErrorKind::Usage, "'" + newPath + "' is not a usable folder name");
    store::FolderRepository(db_).renameTree(accountId, oldPath, newPath, '/');
}

void LocalMailbox::deleteFolder(std::int64_t accountId, const std::string& path, bool recursive) {
    if (path == "INBOX") throw Error(ErrorKind::Usage, "the Inbox cannot be deleted");
    store::FolderRepository folders(db_);
    auto folder = folders.find(accountId, path);
    if (!folder) throw Error(ErrorKind::NotFound, "no local folder '" + path + "'");
    std::vector<model::FolderInfo> doomed;
    for (const auto& f : folders.list(accountId))
        if (f.path.rfind(path + "/", 0) == 0) doomed.push_back(f);
    if (!doomed.empty() && !recursive)
        throw Error(ErrorKind::Usage, "the folder '" + path + "' has subfolders; use --recursive");
    doomed.push_back(*folder);
    store::Txn txn(db_);
    store::PartCache cache(db_, cacheDir_);
    store::MessageIndex index(db_);
    for (const auto& f : doomed) {
        auto st = db_.prepare("SELECT id FROM messages WHERE folder_id = ?1");
        st.bind(1, f.id);
        std::vector<std::int64_t> ids;
        while (st.step()) ids.push_back(st.getInt64(0));
        for (auto id : ids) cache.removeMessage(id);
        index.clearFolder(f.id);
        folders.remove(f.id);
    }
    txn.commit();
}

}  // namespace petrel::sync
