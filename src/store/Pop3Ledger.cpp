#include "store/Pop3Ledger.h"

#include <unordered_set>

#include "model/Error.h"
#include "model/MessageSummary.h"
#include "store/Db.h"
#include "store/Txn.h"

namespace petrel::store {

namespace {

#define PETREL_LEDGER_COLUMNS \
    "account_id, uidl, size, first_seen, downloaded_at, local_message_id, deleted_on_server_at"

std::optional<std::int64_t> optionalInt(const Stmt& st, int column) {
    if (st.isNull(column)) return std::nullopt;
    return st.getInt64(column);
}

Pop3LedgerEntry readEntry(const Stmt& st) {
    Pop3LedgerEntry e;
    e.accountId = st.getInt64(0);
    e.uidl = st.getText(1);
    e.size = st.getUint64(2);
    e.firstSeen = st.getInt64(3);
    e.downloadedAt = optionalInt(st, 4);
    e.localMessageId = optionalInt(st, 5);
    e.deletedOnServerAt = optionalInt(st, 6);
    return e;
}

}  // namespace

bool Pop3Ledger::recordSeen(std::int64_t accountId, const std::string& uidl, std::uint64_t size, std::int64_t now) {
    auto& st = db_.cached("INSERT INTO pop3_ledger (account_id, uidl, size, first_seen) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT (account_id, uidl) DO NOTHING");
    st.bind(1, accountId).bind(2, uidl).bind(3, size).bind(4, now);
    st.run();
    return db_.changes() > 0;
}

void Pop3Ledger::markDownloaded(std::int64_t accountId, const std::string& uidl,
                                std::optional<std::int64_t> localMessageId, std::int64_t now) {
    auto& st = db_.cached("INSERT INTO pop3_ledger (account_id, uidl, first_seen, downloaded_at, local_message_id) "
                          "VALUES (?1, ?2, ?3, ?3, ?4) ON CONFLICT (account_id, uidl) DO UPDATE SET "
                          "downloaded_at = excluded.downloaded_at, local_message_id = excluded.local_message_id");
    st.bind(1, accountId).bind(2, uidl).bind(3, now);
    if (localMessageId) st.bind(4, *localMessageId);
    st.run();
}

void Pop3Ledger::markDeletedOnServer(std::int64_t accountId, const std::string& uidl, std::int64_t now) {
    auto& st = db_.cached("UPDATE pop3_ledger SET deleted_on_server_at = ?3 "
                          "WHERE account_id = ?1 AND uidl = ?2 AND deleted_on_server_at IS NULL");
    st.bind(1, accountId).bind(2, uidl).bind(3, now);
    st.run();
}

std::size_t Pop3Ledger::markMissingAsDeleted(std::int64_t accountId, const std::vector<std::string>& present,
                                             std::int64_t now) {
    const std::unordered_set<std::string> onServer(present.begin(), present.end());
    std::vector<std::string> missing;
    {
        auto& st = db_.cached("SELECT uidl FROM pop3_ledger WHERE account_id = ?1 AND deleted_on_server_at IS NULL");
        Stmt::ResetGuard guard(st);
        st.bind(1, accountId);
        while (st.step()) {
            std::string uidl = st.getText(0);
            if (!onServer.count(uidl)) missing.push_back(std::move(uidl));
        }
    }
    if (missing.empty()) return 0;
    Txn txn(db_);
    for (const auto& uidl : missing) markDeletedOnServer(accountId, uidl, now);
    txn.commit();
    return missing.size();
}

bool Pop3Ledger::known(std::int64_t accountId, const std::string& uidl) {
    auto& st = db_.cached("SELECT 1 FROM pop3_ledger WHERE account_id = ?1 AND uidl = ?2");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId).bind(2, uidl);
    return st.step();
}

std::optional<Pop3LedgerEntry> Pop3Ledger::find(std::int64_t accountId, const std::string& uidl) {
    auto& st = db_.cached("SELECT " PETREL_LEDGER_COLUMNS " FROM pop3_ledger WHERE account_id = ?1 AND uidl = ?2");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId).bind(2, uidl);
    if (!st.step()) return std::nullopt;
    return readEntry(st);
}

std::optional<Pop3LedgerEntry> Pop3Ledger::findByMessage(std::int64_t localMessageId) {
    auto& st = db_.cached("SELECT " PETREL_LEDGER_COLUMNS " FROM pop3_ledger WHERE local_message_id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, localMessageId);
    if (!st.step()) return std::nullopt;
    return readEntry(st);
}

std::vector<Pop3LedgerEntry> Pop3Ledger::query(const char* sql, std::int64_t accountId,
                                               std::optional<std::int64_t> param) {
    auto& st = db_.cached(sql);
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    if (param) st.bind(2, *param);
    std::vector<Pop3LedgerEntry> out;
    while (st.step()) out.push_back(readEntry(st));
    return out;
}

std::unordered_map<std::string, Pop3LedgerEntry> Pop3Ledger::entries(std::int64_t accountId) {
    auto& st = db_.cached("SELECT " PETREL_LEDGER_COLUMNS " FROM pop3_ledger WHERE account_id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId);
    std::unordered_map<std::string, Pop3LedgerEntry> out;
    while (st.step()) {
        auto e = readEntry(st);
        std::string key = e.uidl;
        out.emplace(std::move(key), std::move(e));
    }
    return out;
}

std::unordered_set<std::string> Pop3Ledger::storedInFull(std::int64_t accountId) {
    auto& st = db_.cached("SELECT l.uidl FROM pop3_ledger l JOIN messages m ON m.id = l.local_message_id "
                          "WHERE l.account_id = ?1 AND (m.cache_state & ?2) <> 0");
    Stmt::ResetGuard guard(st);
    st.bind(1, accountId).bind(2, static_cast<std::int64_t>(model::CachedFull));
    std::unordered_set<std::string> out;
    while (st.step()) out.insert(st.getText(0));
    return out;
}

std::vector<Pop3LedgerEntry> Pop3Ledger::notDownloaded(std::int64_t accountId) {
    return query("SELECT " PETREL_LEDGER_COLUMNS " FROM pop3_ledger WHERE account_id = ?1 "
                 "AND downloaded_at IS NULL AND deleted_on_server_at IS NULL ORDER BY id",
                 accountId, std::nullopt);
}

std::vector<Pop3LedgerEntry> Pop3Ledger::downloadedOlderThan(std::int64_t accountId, std::uint32_t days,
                                                             std::int64_t now) {
    const std::int64_t cutoff = now - static_cast<std::int64_t>(days) * 86400;
    return query("SELECT " PETREL_LEDGER_COLUMNS " FROM pop3_ledger WHERE account_id = ?1 "
                 "AND downloaded_at IS NOT NULL AND downloaded_at <= ?2 AND deleted_on_server_at IS NULL "
                 "ORDER BY id",
                 accountId, cutoff);
}

}  // namespace petrel::store
