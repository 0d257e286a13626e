#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace petrel::store {

// One prepared statement. Indexes follow SQLite: bind from 1, columns from 0.
// A statement stopped on a row keeps its read snapshot open (and in WAL mode holds back
// checkpoints), so callers reading a single row reset it — see Stmt::ResetGuard.
class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, std::string_view sql, bool persistent = false);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& other) noexcept;
    Stmt& operator=(Stmt&& other) noexcept;

    Stmt& bind(int index, int value);
    Stmt& bind(int index, bool value);
    Stmt& bind(int index, std::int64_t value);
    Stmt& bind(int index, std::uint32_t value);
    // SQLite has no unsigned 64-bit type: stored as the int64 with the same bits, so values
    // above INT64_MAX come back unchanged through getUint64.
    Stmt& bind(int index, std::uint64_t value);
    Stmt& bind(int index, double value);
    Stmt& bind(int index, const std::string& text);
    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, const char* text);
    Stmt& bind(int index, std::nullptr_t);
    Stmt& bind(int index, std::span<const std::uint8_t> blob);
    // Raw bytes kept in a std::string (a message, a part) bound as a BLOB, not as TEXT.
    Stmt& bindBlob(int index, std::string_view bytes);

    // True when a row is available; false when the statement has finished.
    bool step();
    // Runs a statement that returns no rows (or ignores them) and resets it.
    void run();
    // Resets and clears the bindings, so a cached statement starts clean.
    void reset();

    bool isNull(int column) const;
    std::int64_t getInt64(int column) const;
    int getInt(int column) const;
    std::uint32_t getUint32(int column) const;
    std::uint64_t getUint64(int column) const;
    double getDouble(int column) const;
    bool getBool(int column) const;
    std::string getText(int column) const;
    std::vector<std::uint8_t> getBlob(int column) const;
    // A BLOB (or TEXT) column's bytes as a std::string.
    std::string getBytes(int column) const;
    int columnCount() const;

    sqlite3_stmt* handle() const { return stmt_; }
    std::string sql() const;

    // Resets a statement when the scope ends, also on an exception.
    class ResetGuard {
    public:
        explicit ResetGuard(Stmt& stmt) : stmt_(stmt) {}
        ~ResetGuard() { stmt_.reset(); }
        ResetGuard(const ResetGuard&) = delete;
        ResetGuard& operator=(const ResetGuard&) = delete;

    private:
        Stmt& stmt_;
    };

private:
    void check(int rc, const char* what) const;

    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace petrel::store
