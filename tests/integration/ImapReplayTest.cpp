// Replay of queued offline IMAP changes when the server's folder changed under them: a
// UIDVALIDITY reset that reuses the same UIDs for other messages, and a UID that (without a
// UIDVALIDITY change, as a broken server might do) now holds another message. The queued change
// must be reported as a conflict and must not touch the other message; a change whose message
// is still there applies. Also: queueing writes the queue row and the local change together.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "engine/OfflineOps.h"
#include "engine/Profile.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/OpQueue.h"
#include "support/CliProfile.h"
#include "support/ImapProbe.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::searchUids;
using petrel::testing::TcpClient;

namespace {

class ImapReplayTest : public ::testing::Test {
protected:
    void SetUp() override {
        user_ = MailServer::instance().createUser("empty");
        cli_.addImapsAccount("acct", user_);
    }

    json run(std::vector<std::string> args, int expect = 0) { return cli_.expectExit(std::move(args), expect); }

    std::unique_ptr<TcpClient> raw() { return petrel::testing::imapLogin(user_); }

    static void append(TcpClient& c, const std::string& folder, const std::string& messageId) {
        const std::string msg = "From: a@example.com\r\nTo: b@example.com\r\nSubject: " + messageId +
                                "\r\nMessage-ID: <" + messageId + "@example.com>\r\n\r\nbody of " + messageId + "\r\n";
        c.send("x APPEND " + folder + " {" + std::to_string(msg.size()) + "}\r\n");
        const std::string go = c.readLine();
        ASSERT_EQ(go.rfind("+", 0), 0u) << go;
        c.send(msg + "\r\n");
        const auto lines = c.readLinesUntil([](const std::string& l) { return l.rfind("x ", 0) == 0; });
        ASSERT_EQ(lines.back().rfind("x OK", 0), 0u) << lines.back();
    }

    // The folder with three fresh messages (UIDs 1, 2, 3 in a new folder), named by prefix.
    void recreate(TcpClient& c, const std::string& folder, const std::string& prefix, bool existed) {
        if (existed) c.imapOk("DELETE " + folder);
        c.imapOk("CREATE " + folder);
        for (int i = 1; i <= 3; ++i) append(c, folder, prefix + std::to_string(i));
    }

    void setPort(std::uint16_t port) {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        petrel::store::AccountRepository accounts(db);
        auto account = *accounts.findByName("acct");
        account.incoming.port = port;
        accounts.update(account);
    }

    std::vector<petrel::store::QueuedOp> ops() {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        auto account = *petrel::store::AccountRepository(db).findByName("acct");
        return petrel::store::OpQueue(db).list(account.id);
    }

    // Queues, while the server is unreachable: read UID 1, flag UID 2, delete UID 3 of `folder`.
    void queueThree(const std::string& folder) {
        setPort(1);
        EXPECT_TRUE(run({"mark", "acct", "--folder", folder, "--uid", "1", "--read"})["queued"].get<bool>());
        EXPECT_TRUE(run({"mark", "acct", "--folder", folder, "--uid", "2", "--flag"})["queued"].get<bool>());
        EXPECT_TRUE(run({"delete", "acct", "--folder", folder, "--uid", "3"})["queued"].get<bool>());
        setPort(MailServer::instance().imapsPort());
    }

    petrel::testing::CliProfile cli_{"imap-replay"};
    petrel::testing::TestUser user_;
};

}  // namespace

TEST_F(ImapReplayTest, UidValidityResetReusingTheUidsTurnsQueuedChangesIntoConflicts) {
    auto c = raw();
    recreate(*c, "Replay", "old", false);
    run({"sync", "acct", "--folder", "Replay"});
    queueThree("Replay");
    ASSERT_EQ(ops().size(), 3u);
    for (const auto& op : ops()) {
        const auto p = json::parse(op.payload);
        EXPECT_NE(p["uidvalidity"].get<std::uint32_t>(), 0u) << op.payload;
        EXPECT_NE(p["message_id"].get<std::string>().find("@example.com>"), std::string::npos) << op.payload;
    }

    // The folder is recreated meanwhile: new UIDVALIDITY, and UIDs 1-3 are other messages now.
    recreate(*c, "Replay", "new", true);

    auto synced = run({"sync", "acct", "--folder", "Replay"});
    const auto& a = synced["accounts"][0];
    ASSERT_EQ(a["conflicts"].size(), 3u) << synced.dump();
    for (const auto& text : a["conflicts"])
        EXPECT_NE(text.get<std::string>().find("UIDVALIDITY"), std::string::npos) << synced.dump();
    EXPECT_TRUE(a["folders"][0]["uidvalidity_reset"].get<bool>()) << synced.dump();
    for (const auto& op : ops()) EXPECT_EQ(op.state, petrel::store::OpState::Failed) << op.payload;

    // The new messages are untouched: all three there, none read, none flagged.
    auto check = raw();
    check->imapOk("EXAMINE Replay");
    EXPECT_EQ(searchUids(check->imapOk("UID SEARCH ALL")), (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_TRUE(searchUids(check->imapOk("UID SEARCH SEEN")).empty());
    EXPECT_TRUE(searchUids(check->imapOk("UID SEARCH FLAGGED")).empty());
    // And the index shows the new messages (the reset refilled it).
    auto list = run({"list", "acct", "--folder", "Replay"});
    ASSERT_EQ(list["messages"].size(), 3u) << list.dump();
    for (const auto& m : list["messages"]) EXPECT_EQ(m["subject"].get<std::string>().rfind("new", 0), 0u) << list.dump();
}

TEST_F(ImapReplayTest, ReusedUidWithTheSameUidValidityIsCaughtByTheMessageId) {
    auto c = raw();
    recreate(*c, "Reuse", "old", false);
    // A fourth message whose change must still apply.
    append(*c, "Reuse", "keep4");
    run({"sync", "acct", "--folder", "Reuse"});
    queueThree("Reuse");
    setPort(1);
    EXPECT_TRUE(run({"mark", "acct", "--folder", "Reuse", "--uid", "4", "--flag"})["queued"].get<bool>());
    setPort(MailServer::instance().imapsPort());

    // Recreate UIDs 1-3 with other messages, then make the queue believe the UIDVALIDITY did not
    // change (what a server that reuses UIDs without resetting UIDVALIDITY would look like): only
    // the Message-ID can tell.
    recreate(*c, "Reuse", "new", true);
    append(*c, "Reuse", "keep4");
    std::uint32_t validity = 0;
    for (const auto& l : c->imapOk("STATUS Reuse (UIDVALIDITY)")) {
        std::smatch m;
        if (std::regex_search(l, m, std::regex("UIDVALIDITY (\\d+)"))) validity = static_cast<std::uint32_t>(std::stoul(m[1]));
    }
    ASSERT_NE(validity, 0u);
    {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        auto& st = db.cached("UPDATE op_queue SET payload = json_set(payload, '$.uidvalidity', ?1)");
        st.bind(1, static_cast<std::int64_t>(validity));
        st.run();
    }

    auto synced = run({"sync", "acct", "--folder", "Reuse"});
    const auto& conflicts = synced["accounts"][0]["conflicts"];
    ASSERT_EQ(conflicts.size(), 3u) << synced.dump();
    for (const auto& text : conflicts)
        EXPECT_NE(text.get<std::string>().find("now holds another message"), std::string::npos) << synced.dump();
    std::size_t done = 0;
    for (const auto& op : ops()) done += op.state == petrel::store::OpState::Done;
    EXPECT_EQ(done, 1u);

    auto check = raw();
    check->imapOk("EXAMINE Reuse");
    EXPECT_EQ(searchUids(check->imapOk("UID SEARCH ALL")), (std::vector<std::uint32_t>{1, 2, 3, 4}));
    EXPECT_TRUE(searchUids(check->imapOk("UID SEARCH SEEN")).empty());
    EXPECT_EQ(searchUids(check->imapOk("UID SEARCH FLAGGED")), (std::vector<std::uint32_t>{4}));
}

TEST_F(ImapReplayTest, QueueingWritesTheOperationAndTheLocalChangeTogether) {
    auto c = raw();
    recreate(*c, "Atomic", "m", false);
    run({"sync", "acct", "--folder", "Atomic"});
    petrel::engine::Profile profile(cli_.profileDir().string());
    petrel::store::Db db(profile.databasePath());
    auto account = *petrel::store::AccountRepository(db).findByName("acct");
    auto folder = *petrel::store::FolderRepository(db).find(account.id, "Atomic");
    petrel::store::MessageIndex index(db);

    auto marked = petrel::engine::queueImapChange(db, account, "flag", "Atomic", 1);
    EXPECT_TRUE(marked.flags & petrel::model::FlagFlagged);
    EXPECT_TRUE(index.find(folder.id, 1)->flags & petrel::model::FlagFlagged);
    auto moved = petrel::engine::queueImapChange(db, account, "move", "Atomic", 2, "INBOX");
    EXPECT_TRUE(moved.removed);
    EXPECT_FALSE(index.find(folder.id, 2));
    EXPECT_EQ(petrel::store::OpQueue(db).pendingCount(account.id), 2u);

    // A failure inside the transaction leaves neither: the local change is rolled back with the
    // queue row (here the queue insert fails because a trigger refuses it).
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON op_queue BEGIN SELECT RAISE(ABORT, 'refused'); END");
    EXPECT_ANY_THROW(petrel::engine::queueImapChange(db, account, "delete", "Atomic", 3));
    EXPECT_TRUE(index.find(folder.id, 3));
    db.exec("DROP TRIGGER refuse");
    // The other order: the queue row is written, then the local change fails: the row goes too.
    db.exec("CREATE TEMP TRIGGER refuse_update BEFORE UPDATE ON messages BEGIN SELECT RAISE(ABORT, 'refused'); END");
    EXPECT_ANY_THROW(petrel::engine::queueImapChange(db, account, "read", "Atomic", 3));
    db.exec("DROP TRIGGER refuse_update");
    EXPECT_EQ(petrel::store::OpQueue(db).pendingCount(account.id), 2u);
    EXPECT_FALSE(index.find(folder.id, 3)->flags & petrel::model::FlagSeen);
}

TEST_F(ImapReplayTest, ADeleteThatAnInterruptedReplayAlreadyCarriedOutIsDoneNotAConflict) {
    auto c = raw();
    recreate(*c, "Cut", "m", false);
    run({"sync", "acct", "--folder", "Cut"});
    setPort(1);
    EXPECT_TRUE(run({"delete", "acct", "--folder", "Cut", "--uid", "1"})["queued"].get<bool>());
    EXPECT_TRUE(run({"delete", "acct", "--folder", "Cut", "--uid", "2"})["queued"].get<bool>());
    setPort(MailServer::instance().imapsPort());
    // Both messages go on the server. For UID 1 the queue records an attempt that was cut by a
    // network error (what a replay interrupted after the server's OK leaves behind); for UID 2
    // nobody of ours tried: someone else deleted it.
    c->imapOk("SELECT Cut");
    c->imapOk("UID STORE 1:2 +FLAGS.SILENT (\\Deleted)");
    c->imapOk("EXPUNGE");
    {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        auto account = *petrel::store::AccountRepository(db).findByName("acct");
        petrel::store::OpQueue queue(db);
        const auto pending = queue.pending(account.id);
        ASSERT_EQ(pending.size(), 2u);
        queue.recordFailure(pending[0].id, "The IMAP server closed the connection");
    }
    auto synced = run({"sync", "acct", "--folder", "Cut"});
    const auto& conflicts = synced["accounts"][0]["conflicts"];
    ASSERT_EQ(conflicts.size(), 1u) << synced.dump();
    EXPECT_NE(conflicts[0].get<std::string>().find("UID 2"), std::string::npos) << synced.dump();
    const auto all = ops();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].state, petrel::store::OpState::Done);
    EXPECT_EQ(all[1].state, petrel::store::OpState::Failed);
}
