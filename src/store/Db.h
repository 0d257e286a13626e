#pragma once
#include <cstdint>
#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/Stmt.h"

struct sqlite3;

namespace petrel::store {

enum class OpenMode { ReadWrite, ReadOnly };

// Whether opening read-write brings the schema up to date. AsIs exists for migration tests
// and tools that must look at an old database without changing it.
enum class SchemaPolicy { Migrate, AsIs };

// One SQLite connection, owned by one thread (DESIGN §1: workers write through their own
// connection, the UI reads through a read-only one). Opening read-write runs the migrations;
// a database written by a newer Petrel is refused and left byte-for-byte untouched.
class Db {
public:
    explicit Db(const std::string& path, OpenMode mode = OpenMode::ReadWrite,
                SchemaPolicy schema = SchemaPolicy::Migrate);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    Db(Db&& other) noexcept;
    Db& operator=(Db&& other) noexcept;

    // Runs one or more statements that return nothing useful (DDL, pragmas).
    void exec(const std::string& sql);
    Stmt prepare(const std::string& sql);
    // A statement prepared once per connection and kept; returned reset with no bindings.
    // Do not hold the reference across a call that may use the same SQL (it is one object).
    Stmt& cached(const char* sql);

    std::int64_t lastInsertRowId();
    int changes();
    bool inTransaction() const;
    // PRAGMA user_version: the schema version (see Migrations).
    int userVersion();
    const std::string& path() const { return path_; }
    OpenMode mode() const { return mode_; }
    sqlite3* handle() const { return db_; }

private:
    void close() noexcept;

    sqlite3* db_ = nullptr;
    std::string path_;
    OpenMode mode_ = OpenMode::ReadWrite;
    // Lets cached() look up a const char* without building a std::string (an allocation for
    // any SQL longer than the small-string buffer) on every call.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    // unique_ptr keeps each Stmt at a fixed address while the map rehashes.
    std::unordered_map<std::string, std::unique_ptr<Stmt>, TextHash, std::equal_to<>> cache_;
};

}  // namespace petrel::store
