// engine::watchForNewMail against the real Dovecot + Postfix, through a loopback proxy that counts
// connections and can cut them: a message delivered over SMTP is reported and lands in the index
// with ONE connection (one login) in total — the sync runs on the watching connection —, and
// after the proxy cuts the connection the watch reconnects and still reports the next delivery.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/CancelToken.h"
#include "engine/JobContext.h"
#include "engine/NewMailWatch.h"
#include "engine/Profile.h"
#include "engine/WorkerResources.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"
#include "support/RelayProxy.h"
#include "support/SmtpDelivery.h"

using petrel::testing::MailServer;
using petrel::testing::TestUser;

TEST(ImapWatch, SyncsOnTheWatchingConnectionAndReconnectsAfterACut) {
    auto& s = MailServer::instance();
    const TestUser user = s.createUser("empty");
    petrel::testing::RelayProxy proxy(s.imapsPort());
    petrel::testing::CliProfile cli("imap-watch");
    cli.addImapsAccount("acct", user, proxy.port());
    cli.ok({"sync", "acct", "--folder", "INBOX"});
    const int before = proxy.connections();

    petrel::engine::Profile profile(cli.profileDir().string());
    petrel::store::Db db(profile.databasePath());
    const auto account = *petrel::store::AccountRepository(db).findByName("acct");

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::uint32_t> added;
    std::vector<std::string> reconnects;
    std::atomic<bool> stop{false};
    int waiting = 0;
    std::string failure;
    std::thread watcher([&] {
        petrel::engine::WorkerResources resources;
        petrel::engine::JobContext job(
            1, petrel::engine::CancelToken{}, [](std::function<void()> f) { f(); }, {}, {}, resources);
        petrel::engine::NewMailWatchOptions options;
        options.stop = [&] { return stop.load(); };
        options.firstRetry = std::chrono::milliseconds(200);
        options.onReconnect = [&](unsigned attempt, const std::string& error) {
            std::lock_guard lock(mutex);
            reconnects.push_back(std::to_string(attempt) + ": " + error);
        };
        options.onWaiting = [&] {
            std::lock_guard lock(mutex);
            ++waiting;
            changed.notify_all();
        };
        try {
            petrel::engine::watchForNewMail(job, profile, account, "INBOX", std::chrono::seconds(60),
                                            [&](const petrel::engine::AccountSyncResult& r) {
                                                std::lock_guard lock(mutex);
                                                for (const auto& f : r.folders) added.push_back(f.added);
                                                changed.notify_all();
                                            },
                                            options);
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            failure = e.what();
            changed.notify_all();
        }
    });
    auto waitForAdded = [&](std::uint32_t total) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(20), [&] {
            std::uint32_t sum = 0;
            for (auto a : added) sum += a;
            return sum >= total || !failure.empty();
        });
    };
    // Until the watch waits for the n-th time (IDLE on the selected folder).
    auto waitForWaiting = [&](int n) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(20), [&] { return waiting >= n || !failure.empty(); });
    };
    auto indexed = [&](const std::string& subject) {
        petrel::store::Db check(profile.databasePath());
        auto inbox = petrel::store::FolderRepository(check).find(account.id, "INBOX");
        petrel::store::MessageIndex index(check);
        for (auto uid : index.uids(inbox->id))
            if (index.find(inbox->id, uid)->subject == subject) return true;
        return false;
    };

    ASSERT_TRUE(waitForWaiting(1)) << "the watch never started waiting";
    const std::string first = "watch-one-" + user.name;
    petrel::testing::deliverOverSmtp(user, first);
    ASSERT_TRUE(waitForAdded(1)) << "no change reported";
    EXPECT_TRUE(failure.empty()) << failure;
    EXPECT_TRUE(indexed(first));
    // One connection, hence one login, for watching AND syncing.
    EXPECT_EQ(proxy.connections() - before, 1);

    proxy.cut();
    for (int i = 0; i < 100 && proxy.connections() - before < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(proxy.connections() - before, 2);
    // Waiting: 1 before the first delivery, 2 after its sync, 3 after the reconnect.
    ASSERT_TRUE(waitForWaiting(3)) << "the watch did not wait again after the reconnect";
    const std::string second = "watch-two-" + user.name;
    petrel::testing::deliverOverSmtp(user, second);
    EXPECT_TRUE(waitForAdded(2)) << "the delivery after the cut was not reported";
    stop = true;
    watcher.join();
    EXPECT_TRUE(failure.empty()) << failure;
    EXPECT_TRUE(indexed(second));
    EXPECT_EQ(proxy.connections() - before, 2);
    ASSERT_FALSE(reconnects.empty());
    EXPECT_EQ(reconnects.front().rfind("1: ", 0), 0u) << reconnects.front();
}

TEST(ImapWatch, GivesUpAfterTheBoundedRetriesWhenTheServerStaysAway) {
    auto& s = MailServer::instance();
    const TestUser user = s.createUser("empty");
    petrel::testing::CliProfile cli("imap-watch-gone");
    cli.ok({"account", "add", "acct", "--offline", "--imap", "--host", s.host(), "--port", "1", "--security", "tls", "--user",
            user.name, "--password-command", cli.passwordCommand("acct", user.password), "--trust-fingerprint",
            s.certSha256()});
    petrel::engine::Profile profile(cli.profileDir().string());
    petrel::store::Db db(profile.databasePath());
    const auto account = *petrel::store::AccountRepository(db).findByName("acct");
    petrel::engine::WorkerResources resources;
    petrel::engine::JobContext job(1, petrel::engine::CancelToken{}, [](std::function<void()> f) { f(); }, {}, {},
                                   resources);
    petrel::engine::NewMailWatchOptions options;
    options.firstRetry = std::chrono::milliseconds(50);
    options.maxRetryDelay = std::chrono::milliseconds(200);
    options.maxFailedAttempts = 4;
    std::vector<unsigned> attempts;
    options.onReconnect = [&](unsigned attempt, const std::string&) { attempts.push_back(attempt); };
    const auto start = std::chrono::steady_clock::now();
    try {
        petrel::engine::watchForNewMail(job, profile, account, "INBOX", std::chrono::seconds(1), {}, options);
        FAIL() << "the watch returned although the server cannot be reached";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Network) << e.what();
    }
    EXPECT_EQ(attempts, (std::vector<unsigned>{1, 2, 3, 4}));
    // 50 + 100 + 200 + 200 ms of waiting, bounded by maxRetryDelay.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(ms, 500);
    EXPECT_LT(ms, 5000);
}
