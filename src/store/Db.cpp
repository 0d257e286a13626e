#include "store/Db.h"

#include <sqlite3.h>

#include "model/Error.h"
#include "store/Migrations.h"
#include "store/SqliteError.h"

namespace petrel::store {

namespace {

bool isMemoryPath(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

Db::Db(const std::string& path, OpenMode mode, SchemaPolicy schema) : path_(path), mode_(mode) {
    // Each connection belongs to one thread, so SQLite's own per-connection mutex is not needed.
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = sqliteDetail(db_, rc);
        close();
        throw model::Error(model::ErrorKind::Storage, "cannot open the local index " + path, detail);
    }
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, 5000);
        // Reading the version first touches nothing, so a newer database stays untouched and a
        // file that is not a database fails here with a clear message.
        int found = 0;
        try {
            found = userVersion();
        } catch (const model::Error& e) {
            throw model::Error(model::ErrorKind::Storage,
                               "cannot read the local index " + path + " (damaged, locked, or not a Petrel index)",
                               e.detail());
        }
        if (found > Migrations::latestVersion())
            throw model::Error(model::ErrorKind::Storage,
                               "the local index " + path + " was written by a newer version of Petrel",
                               "schema version " + std::to_string(found) + ", this build knows up to " +
                                   std::to_string(Migrations::latestVersion()));
        exec("PRAGMA foreign_keys = ON");
        if (mode == OpenMode::ReadWrite) {
            if (!isMemoryPath(path)) {
                Stmt wal(db_, "PRAGMA journal_mode = WAL");
                if (!wal.step() || wal.getText(0) != "wal")
                    throw model::Error(model::ErrorKind::Storage,
                                       "cannot switch the local index " + path + " to write-ahead logging");
            }
            // NORMAL in WAL mode loses at most the last transactions on power loss, never integrity.
            exec("PRAGMA synchronous = NORMAL");
            // A sync batch dirties pages all over the four sort indexes; checkpointing every
            // 1000 pages (the default) copied them into the database after nearly every batch
            // (measured: 996 MB written for 100k inserts, 645 MB at 10000). The size limit gives
            // the disk back after a checkpoint.
            exec("PRAGMA wal_autocheckpoint = 10000");
            exec("PRAGMA journal_size_limit = 67108864");
            exec("PRAGMA temp_store = MEMORY");
            if (schema == SchemaPolicy::Migrate) Migrations::run(*this);
        } else if (schema == SchemaPolicy::Migrate && found < Migrations::latestVersion()) {
            throw model::Error(model::ErrorKind::Storage,
                               "the local index " + path + " has not been created or upgraded yet",
                               "schema version " + std::to_string(found) + ", need " +
                                   std::to_string(Migrations::latestVersion()));
        }
        // A sync batch touches four sort indexes plus FTS; the default 2 MB page cache would keep
        // re-reading their pages from the OS.
        exec("PRAGMA cache_size = -16384");
    } catch (...) {
        close();
        throw;
    }
}

Db::~Db() { close(); }

void Db::close() noexcept {
    cache_.clear();
    if (db_) {
        // _v2 tolerates statements still alive elsewhere (a Stmt from prepare() kept by a caller).
        sqlite3_close_v2(db_);
        db_ = nullptr;
    }
}

Db::Db(Db&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), mode_(other.mode_), cache_(std::move(other.cache_)) {
    other.db_ = nullptr;
    other.cache_.clear();
}

Db& Db::operator=(Db&& other) noexcept {
    if (this != &other) {
        close();
        db_ = other.db_;
        path_ = std::move(other.path_);
        mode_ = other.mode_;
        cache_ = std::move(other.cache_);
        other.db_ = nullptr;
        other.cache_.clear();
    }
    return *this;
}

void Db::exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = "sqlite: " + std::string(message ? message : sqlite3_errstr(rc)) + " (code " +
                             std::to_string(rc) + ") in: " + sql.substr(0, 200);
        sqlite3_free(message);
        const int primary = rc & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
            throw model::Error(model::ErrorKind::Storage,
                               "the local index is busy (another Petrel process may be writing to it)", detail);
        throw model::Error(model::ErrorKind::Storage, "the local index failed to run a statement", detail);
    }
}

Stmt Db::prepare(const std::string& sql) { return Stmt(db_, sql); }

Stmt& Db::cached(const char* sql) {
    // Keyed by the text, not the pointer: the same literal may live at different addresses, and
    // a pointer could be reused for different text.
    auto it = cache_.find(std::string_view(sql));
    if (it == cache_.end()) {
        auto stmt = std::make_unique<Stmt>(db_, sql, true);
        it = cache_.emplace(sql, std::move(stmt)).first;
    } else {
        it->second->reset();
    }
    return *it->second;
}

std::int64_t Db::lastInsertRowId() { return sqlite3_last_insert_rowid(db_); }

int Db::changes() { return sqlite3_changes(db_); }

bool Db::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int Db::userVersion() {
    Stmt st(db_, "PRAGMA user_version");
    return st.step() ? st.getInt(0) : 0;
}

}  // namespace petrel::store
