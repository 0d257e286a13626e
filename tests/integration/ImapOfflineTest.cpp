// Offline IMAP changes against the real Dovecot: with the server unreachable, mark and delete
// are applied locally and queued; the next sync replays them, and one that can no longer apply
// (the message went meanwhile) is reported as a conflict, not dropped.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/Profile.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
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

class ImapOfflineTest : public ::testing::Test {
protected:
    json run(std::vector<std::string> args, int expect = 0) { return cli_.expectExit(std::move(args), expect); }

    void setPort(std::uint16_t port) {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        petrel::store::AccountRepository accounts(db);
        auto account = *accounts.findByName("acct");
        account.incoming.port = port;
        accounts.update(account);
    }

    std::vector<petrel::store::QueuedOp> queue(bool pendingOnly) {
        petrel::engine::Profile profile(cli_.profileDir().string());
        petrel::store::Db db(profile.databasePath());
        auto account = *petrel::store::AccountRepository(db).findByName("acct");
        petrel::store::OpQueue q(db);
        return pendingOnly ? q.pending(account.id) : q.list(account.id);
    }

    std::unique_ptr<TcpClient> raw() { return petrel::testing::imapLogin(user_); }

    petrel::testing::CliProfile cli_{"imap-offline"};
    petrel::testing::TestUser user_;
};

}  // namespace

TEST_F(ImapOfflineTest, QueuedChangesReplayAtNextSyncAndConflictsAreReported) {
    auto& s = MailServer::instance();
    user_ = s.createUser("sample");
    cli_.addImapsAccount("acct", user_);
    run({"sync", "acct", "--folder", "INBOX"});
    auto c = raw();
    c->imapOk("SELECT INBOX");
    const auto unseen = searchUids(c->imapOk("UID SEARCH UNSEEN"));
    const auto all = searchUids(c->imapOk("UID SEARCH ALL"));
    ASSERT_GE(unseen.size(), 2u);
    const std::uint32_t toRead = unseen[0];
    const std::uint32_t toConflict = unseen[1];
    std::uint32_t toDelete = 0;
    for (auto u : all)
        if (u != toRead && u != toConflict) toDelete = u;
    ASSERT_NE(toDelete, 0u);

    setPort(1);  // nothing listens there: connection refused
    auto marked = run({"mark", "acct", "--folder", "INBOX", "--uid", std::to_string(toRead), "--read"});
    EXPECT_TRUE(marked["queued"].get<bool>()) << marked.dump();
    EXPECT_EQ(marked["message"].get<std::string>().rfind("queued:", 0), 0u) << marked.dump();
    EXPECT_NE(marked["flags"].get<std::string>().find("Seen"), std::string::npos) << marked.dump();
    auto deleted = run({"delete", "acct", "--folder", "INBOX", "--uid", std::to_string(toDelete)});
    EXPECT_TRUE(deleted["queued"].get<bool>()) << deleted.dump();
    auto conflicting = run({"mark", "acct", "--folder", "INBOX", "--uid", std::to_string(toConflict), "--flag"});
    EXPECT_TRUE(conflicting["queued"].get<bool>()) << conflicting.dump();
    EXPECT_EQ(queue(true).size(), 3u);
    // A sync while still offline fails and leaves the queue alone.
    run({"sync", "acct", "--folder", "INBOX"}, petrel::model::exitCodeFor(petrel::model::ErrorKind::Network));
    EXPECT_EQ(queue(true).size(), 3u);

    // Meanwhile another client expunges the message the third change is about.
    c->imapOk("UID STORE " + std::to_string(toConflict) + " +FLAGS.SILENT (\\Deleted)");
    c->imapOk("EXPUNGE");

    setPort(s.imapsPort());
    auto synced = run({"sync", "acct", "--folder", "INBOX"});
    const auto& a = synced["accounts"][0];
    ASSERT_TRUE(a.contains("conflicts")) << synced.dump();
    ASSERT_EQ(a["conflicts"].size(), 1u) << synced.dump();
    EXPECT_NE(a["conflicts"][0].get<std::string>().find(std::to_string(toConflict)), std::string::npos) << synced.dump();

    EXPECT_TRUE(queue(true).empty());
    std::size_t failed = 0;
    for (const auto& op : queue(false))
        if (op.state == petrel::store::OpState::Failed) ++failed;
    EXPECT_EQ(failed, 1u);

    auto check = raw();
    check->imapOk("EXAMINE INBOX");
    const auto stillUnseen = searchUids(check->imapOk("UID SEARCH UNSEEN"));
    EXPECT_EQ(std::count(stillUnseen.begin(), stillUnseen.end(), toRead), 0);
    const auto now = searchUids(check->imapOk("UID SEARCH ALL"));
    EXPECT_EQ(std::count(now.begin(), now.end(), toDelete), 0);
    EXPECT_EQ(std::count(now.begin(), now.end(), toRead), 1);
}
