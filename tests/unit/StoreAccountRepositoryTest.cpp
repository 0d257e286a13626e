#include <gtest/gtest.h>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/OpQueue.h"

using namespace petrel;
using model::Error;
using model::ErrorKind;

namespace {

model::AccountConfig everyFieldSet() {
    model::AccountConfig a;
    a.name = "Work";
    a.protocol = model::Protocol::Pop3;
    a.incoming = {"pop.example.com", 1995, model::Security::StartTls, "ab12cd"};
    a.user = "ann@example.com";
    a.passwordCommand = "pass show mail/work";
    a.allowPlaintext = true;
    a.compress = false;
    a.bodyCapBytes = 12345;
    a.markReadOnOpen = true;
    a.deletePolicy = model::DeletePolicy::ExpungeNow;
    a.checkIntervalSeconds = 42;
    a.pop3Mode = model::Pop3Mode::Delete;
    a.leaveDays = 14;
    a.deleteOnLocalDelete = true;
    a.pop3SizeLimitKb = 512;
    a.fromAddress = "Ann Example <ann@example.com>";
    a.signature = "Ann Example\nÜbersetzungen & Co.";
    a.smtp = model::ServerEndpoint{"smtp.example.com", 465, model::Security::Tls, "ffee"};
    return a;
}

void expectSame(const model::AccountConfig& a, const model::AccountConfig& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.protocol, b.protocol);
    EXPECT_EQ(a.incoming.host, b.incoming.host);
    EXPECT_EQ(a.incoming.port, b.incoming.port);
    EXPECT_EQ(a.incoming.security, b.incoming.security);
    EXPECT_EQ(a.incoming.trustFingerprint, b.incoming.trustFingerprint);
    EXPECT_EQ(a.user, b.user);
    EXPECT_EQ(a.passwordCommand, b.passwordCommand);
    EXPECT_EQ(a.allowPlaintext, b.allowPlaintext);
    EXPECT_EQ(a.compress, b.compress);
    EXPECT_EQ(a.bodyCapBytes, b.bodyCapBytes);
    EXPECT_EQ(a.markReadOnOpen, b.markReadOnOpen);
    EXPECT_EQ(a.deletePolicy, b.deletePolicy);
    EXPECT_EQ(a.checkIntervalSeconds, b.checkIntervalSeconds);
    EXPECT_EQ(a.pop3Mode, b.pop3Mode);
    EXPECT_EQ(a.leaveDays, b.leaveDays);
    EXPECT_EQ(a.deleteOnLocalDelete, b.deleteOnLocalDelete);
    EXPECT_EQ(a.pop3SizeLimitKb, b.pop3SizeLimitKb);
    EXPECT_EQ(a.fromAddress, b.fromAddress);
    EXPECT_EQ(a.signature, b.signature);
    ASSERT_EQ(a.smtp.has_value(), b.smtp.has_value());
    if (a.smtp) {
        EXPECT_EQ(a.smtp->host, b.smtp->host);
        EXPECT_EQ(a.smtp->port, b.smtp->port);
        EXPECT_EQ(a.smtp->security, b.smtp->security);
        EXPECT_EQ(a.smtp->trustFingerprint, b.smtp->trustFingerprint);
    }
}

}  // namespace

TEST(StoreAccountRepository, EveryFieldRoundTrips) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    auto a = everyFieldSet();
    a.id = repo.add(a);
    EXPECT_GT(a.id, 0);
    auto byName = repo.findByName("Work");
    ASSERT_TRUE(byName);
    expectSame(*byName, a);
    auto byId = repo.findById(a.id);
    ASSERT_TRUE(byId);
    expectSame(*byId, a);
}

TEST(StoreAccountRepository, DefaultsAndNoSmtpRoundTrip) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    model::AccountConfig a;
    a.name = "plain";
    a.incoming.host = "imap.example.org";
    a.incoming.port = 993;
    a.id = repo.add(a);
    auto back = repo.findById(a.id);
    ASSERT_TRUE(back);
    expectSame(*back, a);
    EXPECT_FALSE(back->smtp);
}

TEST(StoreAccountRepository, DuplicateNameIsAUsageError) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    auto a = everyFieldSet();
    repo.add(a);
    try {
        repo.add(a);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_STREQ(e.what(), "an account named Work already exists");
    }
    EXPECT_EQ(repo.list().size(), 1u);
}

TEST(StoreAccountRepository, UpdateChangesFieldsAndChecksNames) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    auto a = everyFieldSet();
    a.id = repo.add(a);
    model::AccountConfig b;
    b.name = "Home";
    b.incoming.host = "h";
    b.id = repo.add(b);

    a.name = "Office";
    a.smtp.reset();
    a.leaveDays = 3;
    repo.update(a);
    expectSame(*repo.findById(a.id), a);
    EXPECT_FALSE(repo.findByName("Work"));

    a.name = "Home";
    try {
        repo.update(a);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
    model::AccountConfig ghost;
    ghost.id = 999;
    ghost.name = "ghost";
    try {
        repo.update(ghost);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
}

TEST(StoreAccountRepository, ListIsOrderedByName) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    for (const char* name : {"zeta", "Beta", "alpha"}) {
        model::AccountConfig a;
        a.name = name;
        repo.add(a);
    }
    auto all = repo.list();
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].name, "alpha");
    EXPECT_EQ(all[1].name, "Beta");
    EXPECT_EQ(all[2].name, "zeta");
}

TEST(StoreAccountRepository, RemoveCascadesAndUnknownIsNotFound) {
    store::Db db(":memory:");
    store::AccountRepository repo(db);
    model::AccountConfig a;
    a.name = "gone";
    const auto id = repo.add(a);
    store::FolderRepository folders(db);
    model::FolderInfo f;
    f.accountId = id;
    f.path = "INBOX";
    const auto folderId = folders.upsert(f);
    store::MessageIndex index(db);
    model::MessageSummary m;
    m.folderId = folderId;
    m.uid = 1;
    m.subject = "cascade me";
    index.upsertBatch({m});
    store::OpQueue(db).enqueue(id, "flags", "{}");
    store::ByteCounters(db).add(id, "sync", 1, 2);

    repo.remove("gone");
    EXPECT_FALSE(repo.findById(id));
    for (const char* table : {"folders", "messages", "op_queue", "byte_counters"}) {
        auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
        st.step();
        EXPECT_EQ(st.getInt(0), 0) << table;
    }
    EXPECT_TRUE(index.search("cascade", std::nullopt, std::nullopt, 10).empty());

    try {
        repo.remove("gone");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
}
