// Issue 4: keep mode's "delete from the server after N days", browse's size-limit marks, and a
// server without UIDL (a tiny fake POP3 server on 127.0.0.1) that keep mode must refuse clearly.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/CliApp.h"
#include "engine/Profile.h"
#include "store/Clock.h"
#include "store/Db.h"
#include "store/Stmt.h"
#include "support/CliProfile.h"
#include "support/LoopbackListener.h"
#include "support/MailServer.h"

namespace fs = std::filesystem;
using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::TestUser;

namespace {

MailServer& server() { return MailServer::instance(); }

// Speaks just enough POP3 for a login; UIDL (and CAPA) get -ERR, as on servers without UIDL.
class NoUidlServer {
public:
    std::uint16_t port() const { return listener_.port(); }
    bool sawUidl() const { return sawUidl_; }

private:
    void reply(int fd, const std::string& s) { ::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }
    void serve(int fd) {
        reply(fd, "+OK fake POP3 server without UIDL\r\n");
        std::string pending;
        char buf[4096];
        for (;;) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 10000) <= 0 || listener_.stopping()) break;
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            pending.append(buf, static_cast<std::size_t>(n));
            std::size_t nl;
            bool quit = false;
            while ((nl = pending.find('\n')) != std::string::npos) {
                std::string line = pending.substr(0, nl);
                pending.erase(0, nl + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                std::string verb = line.substr(0, line.find(' '));
                for (auto& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                if (verb == "UIDL") {
                    sawUidl_ = true;
                    reply(fd, "-ERR Unknown command: UIDL\r\n");
                } else if (verb == "CAPA" || verb == "AUTH" || verb == "APOP" || verb == "STLS") {
                    reply(fd, "-ERR Unknown command\r\n");
                } else if (verb == "STAT") {
                    reply(fd, "+OK 1 100\r\n");
                } else if (verb == "LIST") {
                    reply(fd, "+OK\r\n1 100\r\n.\r\n");
                } else if (verb == "QUIT") {
                    reply(fd, "+OK bye\r\n");
                    quit = true;
                } else {
                    reply(fd, "+OK\r\n");
                }
            }
            if (quit) break;
        }
        ::close(fd);
    }

    std::atomic<bool> sawUidl_{false};
    petrel::testing::LoopbackListener listener_{[this](int fd) { serve(fd); }, 8};
};

class Pop3KeepModeTest : public ::testing::Test {
protected:
    json ok(std::vector<std::string> args) { return cli_.ok(std::move(args)); }
    petrel::testing::CliResult cli(std::vector<std::string> args) { return cli_.run(std::move(args)); }

    void addAccount(const std::string& name, const std::string& password, std::uint16_t port,
                    std::vector<std::string> extra) {
        std::vector<std::string> args = {"account", "add", name, "--pop3", "--host", "127.0.0.1", "--user", name,
                                         "--password-command", cli_.passwordCommand(name, password), "--offline", "--port",
                                         std::to_string(port), "--security", "plain", "--allow-plaintext"};
        args.insert(args.end(), extra.begin(), extra.end());
        ok(args);
    }
    std::size_t onServer(const TestUser& user) {
        std::size_t n = 0;
        for (const char* sub : {"cur", "new"}) {
            fs::path d = fs::path(server().maildir(user)) / sub;
            if (fs::exists(d)) n += static_cast<std::size_t>(std::distance(fs::directory_iterator(d), {}));
        }
        return n;
    }
    // Moves the download time of `count` ledger rows `days` into the past; returns their UIDLs.
    std::vector<std::string> ageDownloads(std::size_t count, double days) {
        petrel::store::Db db(cli_.databasePath());
        std::vector<std::string> uidls;
        auto st = db.prepare("SELECT uidl FROM pop3_ledger WHERE deleted_on_server_at IS NULL ORDER BY id LIMIT ?1");
        st.bind(1, static_cast<std::int64_t>(count));
        while (st.step()) uidls.push_back(st.getText(0));
        const auto when = petrel::store::unixNow() - static_cast<std::int64_t>(days * 86400);
        for (const auto& u : uidls) {
            auto up = db.prepare("UPDATE pop3_ledger SET downloaded_at = ?1, first_seen = ?1 WHERE uidl = ?2");
            up.bind(1, when).bind(2, u);
            up.run();
        }
        return uidls;
    }
    std::size_t deletedInLedger() {
        petrel::store::Db db(cli_.databasePath());
        auto st = db.prepare("SELECT count(*) FROM pop3_ledger WHERE deleted_on_server_at IS NOT NULL");
        st.step();
        return static_cast<std::size_t>(st.getInt64(0));
    }
    static unsigned added(const json& sync) { return sync["accounts"][0]["folders"][0]["added"].get<unsigned>(); }
    static unsigned deleted(const json& sync) {
        return sync["accounts"][0]["folders"][0]["deleted_on_server"].get<unsigned>();
    }

    petrel::testing::CliProfile cli_{"pop3keep"};
};

TEST_F(Pop3KeepModeTest, LeaveDaysDeletesOnlyMessagesDownloadedLongEnoughAgo) {
    auto user = server().createUser("bulk:20");
    addAccount(user.name, user.password, server().pop3Port(), {"--pop3-mode", "keep", "--leave-days", "3"});
    auto first = ok({"sync", user.name});
    EXPECT_EQ(added(first), 20u);
    EXPECT_EQ(deleted(first), 0u);
    EXPECT_EQ(onServer(user), 20u);

    // Two days old: not yet.
    ageDownloads(20, 2.0);
    auto young = ok({"sync", user.name});
    EXPECT_EQ(added(young), 0u);
    EXPECT_EQ(deleted(young), 0u);
    EXPECT_EQ(onServer(user), 20u);

    // Seven of them four days old: those go, and only those; the local copies stay.
    ageDownloads(7, 4.0);
    auto old = ok({"sync", user.name});
    EXPECT_EQ(added(old), 0u);
    EXPECT_EQ(deleted(old), 7u);
    EXPECT_EQ(onServer(user), 13u);
    EXPECT_EQ(deletedInLedger(), 7u);
    auto list = ok({"list", user.name, "--folder", "INBOX", "--limit", "1000"});
    EXPECT_EQ(list["messages"].size(), 20u);

    // Nothing more to do, and nothing is downloaded again.
    auto again = ok({"sync", user.name});
    EXPECT_EQ(added(again), 0u);
    EXPECT_EQ(deleted(again), 0u);
    EXPECT_EQ(onServer(user), 13u);
}

TEST_F(Pop3KeepModeTest, LeaveDaysKeepsHeaderOnlyMessagesOnTheServer) {
    auto user = server().createUser("sample");
    addAccount(user.name, user.password, server().pop3Port(),
               {"--pop3-mode", "keep", "--leave-days", "1", "--pop3-size-limit-kb", "100"});
    auto first = ok({"sync", user.name});
    const auto total = added(first);
    const auto headerOnly = first["accounts"][0]["folders"][0]["header_only"].get<unsigned>();
    ASSERT_GT(headerOnly, 0u);
    ageDownloads(1000, 5.0);
    auto old = ok({"sync", user.name});
    EXPECT_EQ(deleted(old), total - headerOnly);
    EXPECT_EQ(onServer(user), headerOnly);
}

TEST_F(Pop3KeepModeTest, BrowseMarksMessagesOverTheSizeLimit) {
    auto user = server().createUser("sample");
    addAccount(user.name, user.password, server().pop3Port(), {"--pop3-mode", "keep", "--pop3-size-limit-kb", "100"});
    auto b = ok({"pop3", "browse", user.name});
    ASSERT_FALSE(b["messages"].empty());
    unsigned over = 0;
    for (const auto& m : b["messages"]) {
        const bool big = m["size"].get<std::uint64_t>() > 100 * 1024;
        EXPECT_EQ(m["over_size_limit"].get<bool>(), big) << m.dump();
        over += big;
    }
    EXPECT_GT(over, 0u);
    auto sync = ok({"sync", user.name});
    EXPECT_EQ(sync["accounts"][0]["folders"][0]["header_only"].get<unsigned>(), over);
}

TEST_F(Pop3KeepModeTest, KeepModeOnAServerWithoutUidlFailsClearly) {
    NoUidlServer fake;
    addAccount("nouidl", "secret", fake.port(), {"--pop3-mode", "keep"});
    auto r = cli({"sync", "nouidl"});
    EXPECT_NE(r.code, 0);
    EXPECT_TRUE(fake.sawUidl());
    ASSERT_TRUE(r.out.is_object()) << r.err;
    EXPECT_EQ(r.out["ok"], false);
    const auto message = r.out["error"]["message"].get<std::string>();
    EXPECT_NE(message.find("does not support UIDL"), std::string::npos) << message;
    EXPECT_NE(message.find("keeping mail on the server"), std::string::npos) << message;
    EXPECT_EQ(r.out["error"]["kind"], "protocol") << r.out.dump();
}

}  // namespace
