#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/Error.h"
#include "store/Db.h"
#include "store/Migrations.h"
#include "store/Stmt.h"
#include "store/Txn.h"

namespace fs = std::filesystem;
using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::store::Db;
using petrel::store::Migrations;
using petrel::store::OpenMode;
using petrel::store::SchemaPolicy;
using petrel::store::Stmt;
using petrel::store::Txn;

namespace {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "petrel-store-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string pragmaText(Db& db, const std::string& pragma) {
    auto st = db.prepare("PRAGMA " + pragma);
    return st.step() ? st.getText(0) : std::string();
}

std::int64_t countRows(Db& db, const std::string& table) {
    auto st = db.prepare("SELECT count(*) FROM " + table);
    st.step();
    return st.getInt64(0);
}

}  // namespace

TEST(StoreDb, MemoryDatabaseIsMigratedWithForeignKeysAndBusyTimeout) {
    Db db(":memory:");
    EXPECT_EQ(db.userVersion(), Migrations::latestVersion());
    EXPECT_EQ(pragmaText(db, "foreign_keys"), "1");
    EXPECT_EQ(pragmaText(db, "busy_timeout"), "5000");
    EXPECT_EQ(pragmaText(db, "synchronous"), "1");  // NORMAL
    EXPECT_FALSE(db.inTransaction());
}

TEST(StoreDb, FileDatabaseUsesWal) {
    TempDir dir;
    Db db(dir.file("index.db"));
    EXPECT_EQ(pragmaText(db, "journal_mode"), "wal");
    db.exec("CREATE TABLE t (x)");
    EXPECT_TRUE(fs::exists(dir.file("index.db-wal")));
}

TEST(StoreDb, ReadOnlyConnectionSeesDataButCannotWrite) {
    TempDir dir;
    {
        Db writer(dir.file("index.db"));
        writer.exec("INSERT INTO accounts (name, protocol, in_host, in_port, in_security, body_cap_bytes, "
                    "delete_policy, check_interval_seconds, pop3_mode) "
                    "VALUES ('a', 'imap', 'h', 993, 'tls', 1, 'trash', 1, 'keep')");
    }
    Db reader(dir.file("index.db"), OpenMode::ReadOnly);
    EXPECT_EQ(countRows(reader, "accounts"), 1);
    try {
        reader.exec("DELETE FROM accounts");
        FAIL() << "write on a read-only connection succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
    }
}

TEST(StoreDb, ReadOnlyOpenOfMissingFileFails) {
    TempDir dir;
    EXPECT_THROW(Db(dir.file("missing.db"), OpenMode::ReadOnly), Error);
    EXPECT_FALSE(fs::exists(dir.file("missing.db")));
}

TEST(StoreDb, NewerDatabaseIsRefusedAndLeftUntouched) {
    TempDir dir;
    const std::string path = dir.file("future.db");
    {
        // Written "by a later Petrel": rollback journal mode, a table we do not know, a version
        // one above ours.
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        const std::string sql = "CREATE TABLE future_things (x); INSERT INTO future_things VALUES (42); "
                                "PRAGMA user_version = " +
                                std::to_string(Migrations::latestVersion() + 1) + ";";
        ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
    }
    const std::string before = readAll(path);
    try {
        Db db(path);
        FAIL() << "a newer database was opened";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find("written by a newer version of Petrel"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Db(path, OpenMode::ReadOnly), Error);
    EXPECT_EQ(readAll(path), before);
    EXPECT_FALSE(fs::exists(path + "-wal"));
}

TEST(StoreDb, FileThatIsNotADatabaseGivesStorageError) {
    TempDir dir;
    const std::string path = dir.file("junk.db");
    std::ofstream(path) << std::string(8192, 'x');
    try {
        Db db(path);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_FALSE(e.detail().empty());
    }
}

TEST(StoreDb, ReadOnlyRefusesADatabaseNotYetMigrated) {
    TempDir dir;
    const std::string path = dir.file("old.db");
    {
        Db db(path, OpenMode::ReadWrite, SchemaPolicy::AsIs);
        Migrations::run(db, 1);
    }
    EXPECT_THROW(Db(path, OpenMode::ReadOnly), Error);
}

TEST(StoreStmt, BindsAndReadsEveryType) {
    Db db(":memory:");
    db.exec("CREATE TABLE v (i, i64, u32, u64, d, t, sv, cs, n, b, eb, bs)");
    const std::vector<std::uint8_t> blob = {0, 1, 2, 255};
    const std::string withNul("a\0b", 3);
    auto st = db.prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    st.bind(1, -7)
        .bind(2, std::int64_t{-(1LL << 40)})
        .bind(3, std::numeric_limits<std::uint32_t>::max())
        .bind(4, std::numeric_limits<std::uint64_t>::max())
        .bind(5, 2.5)
        .bind(6, withNul)
        .bind(7, std::string_view("view"))
        .bind(8, "literal")
        .bind(9, nullptr)
        .bind(10, std::span<const std::uint8_t>(blob))
        .bind(11, std::span<const std::uint8_t>())
        .bindBlob(12, std::string("x\0y", 3));
    EXPECT_FALSE(st.step());

    auto q = db.prepare("SELECT i, i64, u32, u64, d, t, sv, cs, n, b, eb, bs, typeof(eb), typeof(bs) FROM v");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.getInt(0), -7);
    EXPECT_EQ(q.getInt64(1), -(1LL << 40));
    EXPECT_EQ(q.getUint32(2), std::numeric_limits<std::uint32_t>::max());
    EXPECT_EQ(q.getUint64(3), std::numeric_limits<std::uint64_t>::max());
    EXPECT_DOUBLE_EQ(q.getDouble(4), 2.5);
    EXPECT_EQ(q.getText(5), withNul);
    EXPECT_EQ(q.getText(6), "view");
    EXPECT_EQ(q.getText(7), "literal");
    EXPECT_TRUE(q.isNull(8));
    EXPECT_EQ(q.getText(8), "");
    EXPECT_EQ(q.getBlob(9), blob);
    EXPECT_TRUE(q.getBlob(10).empty());
    EXPECT_FALSE(q.isNull(10));
    EXPECT_EQ(q.getBytes(11), std::string("x\0y", 3));
    EXPECT_EQ(q.getText(12), "blob");
    EXPECT_EQ(q.getText(13), "blob");
    EXPECT_FALSE(q.step());
}

TEST(StoreStmt, ResetClearsBindings) {
    Db db(":memory:");
    auto st = db.prepare("SELECT ?1");
    st.bind(1, 5);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), 5);
    st.reset();
    ASSERT_TRUE(st.step());
    EXPECT_TRUE(st.isNull(0));
}

TEST(StoreStmt, ErrorsBecomeTypedErrors) {
    Db db(":memory:");
    try {
        db.prepare("SELEC nonsense");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(e.detail().find("syntax error"), std::string::npos) << e.detail();
    }
    db.exec("CREATE TABLE u (x UNIQUE)");
    db.exec("INSERT INTO u VALUES (1)");
    auto st = db.prepare("INSERT INTO u VALUES (1)");
    try {
        st.step();
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(e.detail().find("UNIQUE"), std::string::npos) << e.detail();
    }
}

TEST(StoreDb, CachedStatementIsPreparedOnceAndHandedOutClean) {
    Db db(":memory:");
    Stmt& first = db.cached("SELECT ?1");
    first.bind(1, 3);
    ASSERT_TRUE(first.step());  // left on a row on purpose
    Stmt& second = db.cached("SELECT ?1");
    EXPECT_EQ(&first, &second);
    ASSERT_TRUE(second.step());
    EXPECT_TRUE(second.isNull(0));  // reset and bindings cleared
    Stmt& other = db.cached("SELECT 2");
    EXPECT_NE(&other, &first);
    // The key is the text, not the pointer.
    std::string sql = "SELECT ?1";
    EXPECT_EQ(&db.cached(sql.c_str()), &first);
}

TEST(StoreDb, LastInsertRowIdAndChanges) {
    Db db(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, x)");
    db.exec("INSERT INTO t (x) VALUES (1), (2), (3)");
    EXPECT_EQ(db.lastInsertRowId(), 3);
    db.exec("UPDATE t SET x = 0 WHERE id > 1");
    EXPECT_EQ(db.changes(), 2);
}

TEST(StoreDb, MoveKeepsTheConnectionAndCache) {
    Db a(":memory:");
    a.exec("CREATE TABLE t (x); INSERT INTO t VALUES (9)");
    Stmt& cachedBefore = a.cached("SELECT x FROM t");
    Db b(std::move(a));
    EXPECT_EQ(a.handle(), nullptr);
    Stmt& cachedAfter = b.cached("SELECT x FROM t");
    EXPECT_EQ(&cachedBefore, &cachedAfter);
    ASSERT_TRUE(cachedAfter.step());
    EXPECT_EQ(cachedAfter.getInt(0), 9);
    cachedAfter.reset();
    Db c(":memory:");
    c = std::move(b);
    EXPECT_EQ(countRows(c, "t"), 1);
}

TEST(StoreTxn, CommitKeepsChanges) {
    Db db(":memory:");
    db.exec("CREATE TABLE t (x)");
    {
        Txn txn(db);
        EXPECT_TRUE(db.inTransaction());
        db.exec("INSERT INTO t VALUES (1)");
        txn.commit();
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(countRows(db, "t"), 1);
}

TEST(StoreTxn, ExceptionRollsBack) {
    Db db(":memory:");
    db.exec("CREATE TABLE t (x)");
    try {
        Txn txn(db);
        db.exec("INSERT INTO t VALUES (1)");
        throw std::runtime_error("boom");
    } catch (const std::runtime_error&) {
    }
    EXPECT_FALSE(db.inTransaction());
    EXPECT_EQ(countRows(db, "t"), 0);
}

TEST(StoreTxn, NestedTxnIsASavepoint) {
    Db db(":memory:");
    db.exec("CREATE TABLE t (x)");
    Txn outer(db);
    db.exec("INSERT INTO t VALUES (1)");
    {
        Txn inner(db);
        EXPECT_TRUE(inner.nested());
        db.exec("INSERT INTO t VALUES (2)");
        // not committed: only its own insert goes
    }
    EXPECT_TRUE(db.inTransaction());
    {
        Txn inner(db);
        db.exec("INSERT INTO t VALUES (3)");
        inner.commit();
    }
    outer.commit();
    auto st = db.prepare("SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x)");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getText(0), "1,3");
}

TEST(StoreTxn, TakesTheWriteLockUpFront) {
    TempDir dir;
    Db a(dir.file("index.db"));
    Db b(dir.file("index.db"));
    b.exec("PRAGMA busy_timeout = 0");
    Txn txn(a);
    // With BEGIN IMMEDIATE the second writer is refused at BEGIN, not half-way through its work.
    try {
        Txn other(b);
        FAIL() << "two write transactions at once";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find("busy"), std::string::npos) << e.what();
    }
    txn.commit();
}
