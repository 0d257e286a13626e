#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Migrations.h"

using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::store::AccountRepository;
using petrel::store::Db;
using petrel::store::MigrationStep;
using petrel::store::Migrations;
using petrel::store::OpenMode;
using petrel::store::SchemaPolicy;

namespace {

std::set<std::string> tables(Db& db) {
    std::set<std::string> out;
    auto st = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')");
    while (st.step()) out.insert(st.getText(0));
    return out;
}

std::set<std::string> columns(Db& db, const std::string& table) {
    std::set<std::string> out;
    auto st = db.prepare("SELECT name FROM pragma_table_info(?1)");
    st.bind(1, table);
    while (st.step()) out.insert(st.getText(0));
    return out;
}

Db atVersion(int version) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    Migrations::run(db, version);
    return db;
}

}  // namespace

TEST(StoreMigrations, LadderHasOneStepPerVersion) {
    EXPECT_GE(Migrations::latestVersion(), 2);
    EXPECT_EQ(Migrations::steps().size(), static_cast<std::size_t>(Migrations::latestVersion()));
    for (const auto& step : Migrations::steps()) {
        EXPECT_FALSE(step.description.empty());
        EXPECT_TRUE(!step.sql.empty() || step.apply);
    }
}

TEST(StoreMigrations, Step1CreatesTheSchemaFromAnEmptyDatabase) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    EXPECT_EQ(db.userVersion(), 0);
    EXPECT_TRUE(tables(db).empty());
    Migrations::run(db, 1);
    EXPECT_EQ(db.userVersion(), 1);
    const auto t = tables(db);
    for (const char* name : {"accounts", "folders", "messages", "message_text", "message_fts", "parts",
                             "pop3_ledger", "op_queue", "outbox", "byte_counters"})
        EXPECT_TRUE(t.count(name)) << name;
    EXPECT_FALSE(columns(db, "folders").count("last_sync_at"));
}

TEST(StoreMigrations, Step2AddsLastSyncAtAndKeepsVersion1Data) {
    Db db = atVersion(1);
    db.exec("INSERT INTO accounts (id, name, protocol, in_host, in_port, in_security, body_cap_bytes, "
            "delete_policy, check_interval_seconds, pop3_mode) "
            "VALUES (1, 'work', 'imap', 'imap.example.com', 993, 'tls', 65536, 'trash', 300, 'keep')");
    db.exec("INSERT INTO folders (id, account_id, path, uid_validity, total) VALUES (1, 1, 'INBOX', 77, 1)");
    db.exec("INSERT INTO messages (id, folder_id, uid, flags, unread, subject, subject_sort) "
            "VALUES (1, 1, 5, 1, 0, 'Hello', 'hello')");
    db.exec("INSERT INTO message_fts (rowid, subject) VALUES (1, 'Hello')");

    Migrations::run(db, 2);
    EXPECT_EQ(db.userVersion(), 2);
    EXPECT_TRUE(columns(db, "folders").count("last_sync_at"));
    auto st = db.prepare("SELECT f.path, f.uid_validity, f.last_sync_at, m.subject, a.name FROM folders f "
                         "JOIN messages m ON m.folder_id = f.id JOIN accounts a ON a.id = f.account_id");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getText(0), "INBOX");
    EXPECT_EQ(st.getInt(1), 77);
    EXPECT_EQ(st.getInt(2), 0);
    EXPECT_EQ(st.getText(3), "Hello");
    EXPECT_EQ(st.getText(4), "work");
    auto fts = db.prepare("SELECT rowid FROM message_fts WHERE message_fts MATCH 'hello'");
    ASSERT_TRUE(fts.step());
    EXPECT_EQ(fts.getInt(0), 1);
}

TEST(StoreMigrations, Step3AddsAnEmptySignatureAndKeepsVersion2Accounts) {
    Db db = atVersion(2);
    db.exec("INSERT INTO accounts (id, name, protocol, in_host, in_port, in_security, body_cap_bytes, "
            "delete_policy, check_interval_seconds, pop3_mode, from_address) "
            "VALUES (1, 'work', 'imap', 'imap.example.com', 993, 'tls', 65536, 'trash', 300, 'keep', "
            "'Ann <ann@example.com>')");
    EXPECT_FALSE(columns(db, "accounts").count("signature"));

    Migrations::run(db, 3);
    EXPECT_EQ(db.userVersion(), 3);
    auto accounts = AccountRepository(db).list();
    ASSERT_EQ(accounts.size(), 1u);
    EXPECT_EQ(accounts[0].name, "work");
    EXPECT_EQ(accounts[0].fromAddress, "Ann <ann@example.com>");
    EXPECT_EQ(accounts[0].signature, "");
}

TEST(StoreMigrations, OpeningAnOldDatabaseMigratesItToTheLatestVersion) {
    Db old = atVersion(1);
    // A file would be reopened; for :memory: run the same ladder the constructor runs.
    Migrations::run(old);
    EXPECT_EQ(old.userVersion(), Migrations::latestVersion());
    Migrations::run(old);  // idempotent at the latest version
    EXPECT_EQ(old.userVersion(), Migrations::latestVersion());
}

TEST(StoreMigrations, AFailingStepRollsBackTheWholeLadder) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    const std::vector<MigrationStep> ladder = {
        {"one", "CREATE TABLE one (x); INSERT INTO one VALUES (1);", {}},
        {"two", "CREATE TABLE two (x);", {}},
        {"three", "", [](Db& d) { d.exec("INSERT INTO nowhere VALUES (1)"); }},
    };
    try {
        Migrations::run(db, ladder, 3);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find("version 3"), std::string::npos) << e.what();
    }
    EXPECT_EQ(db.userVersion(), 0);
    EXPECT_TRUE(tables(db).empty());
    EXPECT_FALSE(db.inTransaction());

    Migrations::run(db, ladder, 2);
    EXPECT_EQ(db.userVersion(), 2);
    EXPECT_EQ(tables(db), (std::set<std::string>{"one", "two"}));
}

TEST(StoreMigrations, FunctionStepsRunInsideTheTransaction) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    bool sawTransaction = false;
    const std::vector<MigrationStep> ladder = {
        {"fn", "", [&](Db& d) {
             sawTransaction = d.inTransaction();
             d.exec("CREATE TABLE f (x)");
         }},
    };
    Migrations::run(db, ladder, 1);
    EXPECT_TRUE(sawTransaction);
    EXPECT_EQ(db.userVersion(), 1);
}

TEST(StoreMigrations, RefusesANewerDatabase) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    db.exec("CREATE TABLE keep (x); PRAGMA user_version = 99");
    try {
        Migrations::run(db);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find("newer version of Petrel"), std::string::npos);
    }
    EXPECT_EQ(db.userVersion(), 99);
    EXPECT_EQ(tables(db), std::set<std::string>{"keep"});
}

TEST(StoreMigrations, UnknownTargetVersionIsAUsageError) {
    Db db(":memory:", OpenMode::ReadWrite, SchemaPolicy::AsIs);
    try {
        Migrations::run(db, Migrations::latestVersion() + 1);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
}
