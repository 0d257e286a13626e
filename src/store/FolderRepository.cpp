#include "store/FolderRepository.h"

#include "model/Error.h"
#include "store/Clock.h"
#include "store/Db.h"
#include "store/Txn.h"

namespace petrel::store {

namespace {

#define PETREL_FOLDER_COLUMNS                                                                           \
    "id, account_id, path, separator, special_use, subscribed, selectable, local, uid_validity, uid_next, " \
    "highest_modseq, total, unread"

model::FolderInfo readFolder(const Stmt& st) {
    model::FolderInfo f;
    f.id = st.getInt64(0);
    f.accountId = st.getInt64(1);
    f.path = st.getText(2);
    std::string sep = st.getText(3);
    f.separator = sep.empty() ? '\0' : sep[0];
    f.specialUse = model::specialUseFromString(st.getText(4));
    f.subscribed = st.getBool(5);
    f.selectable = st.getBool(6);
    f.local = st.getBool(7);
    f.uidValidity = st.getUint32(8);
    f.uidNext = st.getUint32(9);
    f.highestModSeq = st.getUint64(10);
    f.total = st.getUint32(11);
    f.unread = st.getUint32(12);
    return f;
}

// A NUL separator means a flat namespace (IMAP "NIL"), stored as the empty string.
std::string separatorText(char separator) { return separator == '\0' ? std::string() : std::string(1, separator); }

}  // namespace

std::int64_t FolderRepository::upsert(const model::FolderInfo& folder) {
    if (folder.path.empty()) throw model::Error(model::ErrorKind::Usage, "a folder needs a path");
    auto& st = db_.cached(
        "INSERT INTO folders (account_id, path, separator, special_use, subscribed, selectable, local) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (account_id, path) DO UPDATE SET separator = excluded.separator, "
        "special_use = excluded.special_use, subscribed = excluded.subscribed, "
        "selectable = excluded.selectable, local = excluded.local "
        "RETURNING id");
    Stmt::ResetGuard guard(st);
    st.bind(1, folder.accountId)
        .bind(2, folder.path)
        .bind(3, separatorText(folder.separator))
        .bind(4, model::toString(folder.specialUse))
        .bind(5, folder.subscribed)
        .bind(6, folder.selectable)
        .bind(7, folder.local);
    if (!st.step()) throw model::Error(model::ErrorKind::Storage, "folder upsert returned no id");
    return st.getInt64(0);
}

std::vector<model::FolderInfo> FolderRepository::list(std::int64_t accountId) {
    // char(1) in place of the separator sorts "a/b" right after "a", before "a b" and "a-b".
    auto& st = db_.cached("SELECT " PETREL_FOLDER_COLUMNS " FROM folders WHERE account_id = ?1 "
                          "ORDER BY CASE WHEN upper(path) = 'INBOX' THEN 0 "
                          "WHEN separator <> '' AND upper(substr(path, 1, 6)) = 'INBOX' || separator THEN 1 "
                          "ELSE 2 END, "
                          "CASE WHEN separator = '' THEN path ELSE replace(path, separator, char(1)) END "
                          "COLLATE NOCASE, path");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    std::vector<model::FolderInfo> out;
    while (st.step()) out.push_back(readFolder(st));
    return out;
}

std::optional<model::FolderInfo> FolderRepository::find(std::int64_t accountId, const std::string& path) {
    auto& st = db_.cached("SELECT " PETREL_FOLDER_COLUMNS " FROM folders WHERE account_id = ?1 AND path = ?2");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId).bind(2, path);
    if (!st.step()) return std::nullopt;
    return readFolder(st);
}

std::optional<model::FolderInfo> FolderRepository::findById(std::int64_t folderId) {
    auto& st = db_.cached("SELECT " PETREL_FOLDER_COLUMNS " FROM folders WHERE id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, folderId);
    if (!st.step()) return std::nullopt;
    return readFolder(st);
}

void FolderRepository::remove(std::int64_t folderId) {
    auto& st = db_.cached("DELETE FROM folders WHERE id = ?1");
    st.bind(1, folderId);
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no folder with id " + std::to_string(folderId));
}

void FolderRepository::renameTree(std::int64_t accountId, const std::string& oldPath, const std::string& newPath,
                                  char separator) {
    if (oldPath.empty() || newPath.empty())
        throw model::Error(model::ErrorKind::Usage, "a folder needs a path");
    if (oldPath == newPath) return;
    const std::string sep = separatorText(separator);
    if (!sep.empty() && newPath.size() > oldPath.size() && newPath.compare(0, oldPath.size() + 1, oldPath + sep) == 0)
        throw model::Error(model::ErrorKind::Usage, "cannot move folder " + oldPath + " into itself");
    Txn txn(db_);
    // Checked up front so the user hears which name is taken rather than a constraint error.
    {
        auto& clash = db_.cached("SELECT n.path FROM folders o JOIN folders n ON n.account_id = o.account_id "
                                 "AND n.path = ?3 || substr(o.path, length(?2) + 1) "
                                 "WHERE o.account_id = ?1 AND (o.path = ?2 OR "
                                 "(?4 <> '' AND substr(o.path, 1, length(?2) + 1) = ?2 || ?4)) LIMIT 1");
        Stmt::ResetGuard guard(clash);
        clash.bind(1, accountId).bind(2, oldPath).bind(3, newPath).bind(4, sep);
        if (clash.step())
            throw model::Error(model::ErrorKind::Usage, "a folder named " + clash.getText(0) + " already exists");
    }
    // substr/length count characters, consistently on both sides, so UTF-8 names are safe; LIKE
    // is not used because '%' and '_' are legal in folder names.
    auto& st = db_.cached("UPDATE folders SET path = ?3 || substr(path, length(?2) + 1) "
                          "WHERE account_id = ?1 AND (path = ?2 OR "
                          "(?4 <> '' AND substr(path, 1, length(?2) + 1) = ?2 || ?4))");
    st.bind(1, accountId).bind(2, oldPath).bind(3, newPath).bind(4, sep);
    st.run();
    if (db_.changes() == 0) throw model::Error(model::ErrorKind::NotFound, "no folder named " + oldPath);
    txn.commit();
}

void FolderRepository::updateSyncState(std::int64_t folderId, std::uint32_t uidValidity, std::uint32_t uidNext,
                                       std::uint64_t highestModSeq) {
    auto& st = db_.cached("UPDATE folders SET uid_validity = ?2, uid_next = ?3, highest_modseq = ?4, "
                          "last_sync_at = ?5 WHERE id = ?1");
    st.bind(1, folderId).bind(2, uidValidity).bind(3, uidNext).bind(4, highestModSeq).bind(5, unixNow());
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no folder with id " + std::to_string(folderId));
}

std::int64_t FolderRepository::lastSyncAt(std::int64_t folderId) {
    auto& st = db_.cached("SELECT last_sync_at FROM folders WHERE id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, folderId);
    if (!st.step()) throw model::Error(model::ErrorKind::NotFound, "no folder with id " + std::to_string(folderId));
    return st.getInt64(0);
}

void FolderRepository::recount(std::int64_t folderId) {
    // Both counts come from covering indexes (see Schema.cpp), not from the table.
    auto& st = db_.cached("UPDATE folders SET "
                          "total = (SELECT count(*) FROM messages WHERE folder_id = ?1), "
                          "unread = (SELECT count(*) FROM messages WHERE folder_id = ?1 AND unread = 1) "
                          "WHERE id = ?1");
    st.bind(1, folderId);
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no folder with id " + std::to_string(folderId));
}

}  // namespace petrel::store
