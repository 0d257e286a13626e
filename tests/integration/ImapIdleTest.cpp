// petrel-cli watch against the real Dovecot + Postfix: a message delivered over SMTP while the
// watch runs must end `watch --once` within seconds and land in the index (IDLE, and the STATUS
// polling used when IDLE is off).
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/CliProfile.h"
#include "support/MailServer.h"
#include "support/SmtpDelivery.h"

using nlohmann::json;
using petrel::testing::CliProfile;
using petrel::testing::CliResult;
using petrel::testing::MailServer;
using petrel::testing::TestUser;

namespace {

class ImapIdleTest : public ::testing::Test {
protected:
    void SetUp() override {
        user_ = MailServer::instance().createUser("sample");
        cli_.addImapsAccount("acct", user_);
        cli_.ok({"sync", "acct", "--folder", "INBOX"});
    }

    // Starts the watch, delivers one message after ~1 s and checks what the watch reported.
    void watchAndDeliver(std::vector<std::string> extra, const char* label) {
        const std::string subject = "watch-" + user_.name + "-" + label;
        std::vector<std::string> args{"watch", "acct", "--once", "--timeout", "20"};
        args.insert(args.end(), extra.begin(), extra.end());
        CliResult result;
        std::chrono::steady_clock::time_point returned;
        std::thread watcher([&] {
            result = cli_.run(args);
            returned = std::chrono::steady_clock::now();
        });
        std::this_thread::sleep_for(std::chrono::seconds(1));
        std::chrono::steady_clock::time_point delivered;
        try {
            petrel::testing::deliverOverSmtp(user_, subject);
            delivered = std::chrono::steady_clock::now();
        } catch (...) {
            watcher.join();
            throw;
        }
        watcher.join();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(returned - delivered).count();
        std::cout << "[ measure  ] " << label << ": SMTP delivery -> watch returned after " << ms << " ms\n";
        ASSERT_EQ(result.code, 0) << result.err << result.out.dump();
        EXPECT_LT(ms, 8000);
        ASSERT_EQ(result.out["account"], "acct") << result.out.dump();
        ASSERT_EQ(result.out["folders"].size(), 1u) << result.out.dump();
        EXPECT_EQ(result.out["folders"][0]["path"], "INBOX");
        EXPECT_EQ(result.out["folders"][0]["added"], 1) << result.out.dump();
        EXPECT_GT(result.out["bytes_received"].get<long long>(), 0);

        const json list = cli_.ok({"list", "acct", "--folder", "INBOX", "--limit", "1000"});
        std::set<std::string> subjects;
        for (const auto& m : list["messages"]) subjects.insert(m["subject"].get<std::string>());
        EXPECT_TRUE(subjects.count(subject)) << list.dump();
    }

    CliProfile cli_{"idle"};
    TestUser user_;
};

TEST_F(ImapIdleTest, WatchWithIdleSeesSmtpDelivery) {
    watchAndDeliver({}, "idle");
}

TEST_F(ImapIdleTest, WatchWithStatusPollingSeesSmtpDelivery) {
    watchAndDeliver({"--no-idle", "--interval", "1"}, "status");
}

TEST_F(ImapIdleTest, WatchOnceTimesOutWithNothingNew) {
    const auto start = std::chrono::steady_clock::now();
    const json r = cli_.ok({"watch", "acct", "--once", "--timeout", "2"});
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r["account"], "acct");
    EXPECT_TRUE(r["folders"].empty()) << r.dump();
    EXPECT_GE(ms, 1900);
    EXPECT_LT(ms, 6000);
}

}  // namespace
