#include "store/Stmt.h"

#include <sqlite3.h>

#include <limits>

#include "model/Error.h"
#include "store/SqliteError.h"

namespace petrel::store {

Stmt::Stmt(sqlite3* db, std::string_view sql, bool persistent) {
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw model::Error(model::ErrorKind::Usage, "SQL statement too long");
    const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), flags, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        std::string detail = sqliteDetail(db, rc) + " in: " + std::string(sql.substr(0, 200));
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw model::Error(model::ErrorKind::Storage, "the local index rejected a query", detail);
    }
    if (!stmt_) throw model::Error(model::ErrorKind::Usage, "empty SQL statement");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Stmt(Stmt&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }

Stmt& Stmt::operator=(Stmt&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = other.stmt_;
        other.stmt_ = nullptr;
    }
    return *this;
}

void Stmt::check(int rc, const char* what) const {
    if (rc == SQLITE_OK) return;
    throw model::Error(model::ErrorKind::Storage, std::string("the local index failed to ") + what,
                       sqliteDetail(sqlite3_db_handle(stmt_), rc));
}

Stmt& Stmt::bind(int index, int value) {
    check(sqlite3_bind_int(stmt_, index, value), "bind a value");
    return *this;
}

Stmt& Stmt::bind(int index, bool value) { return bind(index, value ? 1 : 0); }

Stmt& Stmt::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value), "bind a value");
    return *this;
}

Stmt& Stmt::bind(int index, std::uint32_t value) { return bind(index, static_cast<std::int64_t>(value)); }

Stmt& Stmt::bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }

Stmt& Stmt::bind(int index, double value) {
    check(sqlite3_bind_double(stmt_, index, value), "bind a value");
    return *this;
}

Stmt& Stmt::bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }

Stmt& Stmt::bind(int index, std::string_view text) {
    check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
          "bind a value");
    return *this;
}

Stmt& Stmt::bind(int index, const char* text) {
    if (!text) return bind(index, nullptr);
    return bind(index, std::string_view(text));
}

Stmt& Stmt::bind(int index, std::nullptr_t) {
    check(sqlite3_bind_null(stmt_, index), "bind a value");
    return *this;
}

Stmt& Stmt::bind(int index, std::span<const std::uint8_t> blob) {
    // A zero-length blob must still be a BLOB, not NULL: SQLite turns a null pointer into NULL.
    static const std::uint8_t empty = 0;
    const void* data = blob.empty() ? &empty : blob.data();
    check(sqlite3_bind_blob64(stmt_, index, data, blob.size(), SQLITE_TRANSIENT), "bind a value");
    return *this;
}

Stmt& Stmt::bindBlob(int index, std::string_view bytes) {
    return bind(index, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                                     bytes.size()));
}

bool Stmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    std::string detail = sqliteDetail(db, rc);
    int primary = rc & 0xff;
    // Reset so a failed cached statement does not keep its snapshot or poison the next use.
    sqlite3_reset(stmt_);
    if (primary == SQLITE_CONSTRAINT)
        throw model::Error(model::ErrorKind::Usage, "the change conflicts with existing data", detail);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw model::Error(model::ErrorKind::Storage,
                           "the local index is busy (another Petrel process may be writing to it)", detail);
    if (primary == SQLITE_FULL)
        throw model::Error(model::ErrorKind::Storage, "the disk holding the local index is full", detail);
    throw model::Error(model::ErrorKind::Storage, "the local index failed to run a query", detail);
}

void Stmt::run() {
    ResetGuard guard(*this);
    while (step()) {
    }
}

void Stmt::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Stmt::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Stmt::getInt64(int column) const { return sqlite3_column_int64(stmt_, column); }

int Stmt::getInt(int column) const { return sqlite3_column_int(stmt_, column); }

std::uint32_t Stmt::getUint32(int column) const { return static_cast<std::uint32_t>(getInt64(column)); }

std::uint64_t Stmt::getUint64(int column) const { return static_cast<std::uint64_t>(getInt64(column)); }

double Stmt::getDouble(int column) const { return sqlite3_column_double(stmt_, column); }

bool Stmt::getBool(int column) const { return getInt64(column) != 0; }

std::string Stmt::getText(int column) const {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::vector<std::uint8_t> Stmt::getBlob(int column) const {
    auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    if (!data) return {};
    return std::vector<std::uint8_t>(data, data + sqlite3_column_bytes(stmt_, column));
}

std::string Stmt::getBytes(int column) const {
    auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (!data) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

int Stmt::columnCount() const { return sqlite3_column_count(stmt_); }

std::string Stmt::sql() const {
    const char* text = sqlite3_sql(stmt_);
    return text ? text : "";
}

}  // namespace petrel::store
