// Issue 8 item 3: a proxy between petrel (the CLI's commands, in-process: the engine the app
// uses) and the real Dovecot cuts the connection at a random byte offset, in either direction,
// during an IMAP header sync, an IMAP attachment download, a POP3 retrieval (keep and delete
// mode) and the replay of queued offline changes. After every cut: the command failed as a
// network error or finished; PRAGMA integrity_check is ok; the next sync without the proxy
// converges to exactly what Dovecot holds (UIDs and flags read with a separate client; POP3:
// every message stored once, delete mode never loses a message); an attachment is either saved
// whole or not at all; no queued change is lost.
//
// Offsets are uniform over the bytes an undisturbed run moves in that direction (measured
// first, through the same proxy). The seed is printed; PETREL_FAULT_SEED=N repeats the offsets.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/Profile.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Stmt.h"
#include "support/CliProfile.h"
#include "support/FaultProxy.h"
#include "support/MailServer.h"
#include "support/MailboxSnapshot.h"
#include "support/TcpClient.h"

namespace fs = std::filesystem;
using nlohmann::json;
using petrel::testing::CliProfile;
using petrel::testing::FaultProxy;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
using SteadyClock = std::chrono::steady_clock;

namespace {

MailServer& server() { return MailServer::instance(); }
const int kNetwork = petrel::model::exitCodeFor(petrel::model::ErrorKind::Network);

std::unique_ptr<TcpClient> rawImap(const TestUser& user) {
    auto c = std::make_unique<TcpClient>(server().host(), server().imapPort());
    c->readLine();
    c->imapOk("LOGIN " + user.name + " \"" + user.password + "\"");
    return c;
}

void append(TcpClient& c, const std::string& message, const std::string& tag) {
    c.sendLine(tag + " APPEND INBOX {" + std::to_string(message.size()) + "+}");
    c.send(message + "\r\n");
    auto lines = c.readLinesUntil([&](const std::string& l) { return l.rfind(tag + " ", 0) == 0; });
    if (lines.back().rfind(tag + " OK", 0) != 0) throw std::runtime_error("APPEND failed: " + lines.back());
}

struct Pop3Local {
    std::string integrity;
    std::map<std::string, unsigned> byMessageId;
    std::size_t messages = 0;
};

Pop3Local pop3Local(const CliProfile& cli) {
    Pop3Local s;
    if (!fs::exists(cli.databasePath())) {
        s.integrity = "ok";
        return s;
    }
    petrel::store::Db db(cli.databasePath());
    auto st = db.prepare("PRAGMA integrity_check");
    while (st.step()) s.integrity += st.getText(0);
    auto m = db.prepare("SELECT header_message_id FROM messages");
    while (m.step()) {
        ++s.messages;
        ++s.byMessageId[m.getText(0)];
    }
    return s;
}

// Message-IDs in the user's Maildir INBOX (what Dovecot holds).
std::set<std::string> maildirMessageIds(const TestUser& user) {
    std::set<std::string> out;
    for (const char* sub : {"cur", "new"}) {
        const fs::path d = fs::path(server().maildir(user)) / sub;
        if (!fs::exists(d)) continue;
        for (const auto& e : fs::directory_iterator(d)) {
            std::ifstream f(e.path());
            std::string line;
            while (std::getline(f, line) && !line.empty() && line != "\r") {
                if (line.size() > 11 && (line.rfind("Message-ID:", 0) == 0 || line.rfind("Message-Id:", 0) == 0)) {
                    std::string v = line.substr(11);
                    while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
                    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
                    out.insert(v);
                }
            }
        }
    }
    return out;
}

class FaultProxyTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* env = std::getenv("PETREL_FAULT_SEED");
        seed_ = env ? std::strtoull(env, nullptr, 10)
                    : static_cast<std::uint64_t>(SteadyClock::now().time_since_epoch().count());
        std::cout << "[ fault    ] seed " << seed_ << " (PETREL_FAULT_SEED=" << seed_ << " to repeat)\n";
        random_.seed(seed_);
    }
    void TearDown() override {
        std::cout << "[ fault    ] " << runs_ << " runs, " << cuts_ << " cuts fired (" << cutsToServer_
                  << " client->server, " << (cuts_ - cutsToServer_) << " server->client), " << checked_
                  << " messages checked, exit codes:";
        for (const auto& [code, n] : exits_) std::cout << " exit " << code << ": " << n << ";";
        std::cout << "\n";
    }

    void setPort(const CliProfile& cli, std::uint16_t port) {
        petrel::store::Db db(cli.databasePath());
        petrel::store::AccountRepository accounts(db);
        auto account = *accounts.findByName("acct");
        account.incoming.port = port;
        accounts.update(account);
    }

    void addImap(const CliProfile& cli, const TestUser& user, std::uint16_t port) {
        cli.ok({"account", "add", "acct", "--imap", "--host", server().host(), "--port", std::to_string(port),
                "--security", "tls", "--trust-fingerprint", server().certSha256(), "--user", user.name,
                "--password-command", cli.passwordCommand("acct", user.password), "--offline"});
    }

    void addPop3(const CliProfile& cli, const TestUser& user, std::uint16_t port, const std::string& mode, bool tls) {
        std::vector<std::string> args = {"account", "add", "acct", "--pop3", "--host", server().host(), "--port",
                                         std::to_string(port), "--user", user.name, "--password-command",
                                         cli.passwordCommand("acct", user.password), "--pop3-mode", mode, "--offline"};
        if (tls) {
            args.insert(args.end(), {"--security", "tls", "--trust-fingerprint", server().certSha256()});
        } else {
            args.insert(args.end(), {"--security", "plain", "--allow-plaintext"});
        }
        cli.ok(args);
    }

    // Arms a cut at a random offset within what a calibrated run moved; returns a description.
    std::string arm(FaultProxy& proxy, const std::array<std::uint64_t, 2>& calibrated) {
        const auto d = random_() % 2 ? FaultProxy::Direction::ToClient : FaultProxy::Direction::ToServer;
        const std::uint64_t total = calibrated[static_cast<int>(d)];
        const std::uint64_t offset = std::uniform_int_distribution<std::uint64_t>(1, std::max<std::uint64_t>(total, 1))(random_);
        proxy.arm(d, offset);
        lastToServer_ = d == FaultProxy::Direction::ToServer;
        return std::string(lastToServer_ ? "client->server" : "server->client") + " cut at byte " +
               std::to_string(offset) + "/" + std::to_string(total);
    }

    // Book-keeping after a faulty run: the command must have finished or failed as a network error.
    void afterFaultyRun(FaultProxy& proxy, const petrel::testing::CliResult& r, const std::string& where) {
        ASSERT_TRUE(proxy.waitIdle()) << where;
        ++runs_;
        ++exits_[r.code];
        if (proxy.fired()) {
            ++cuts_;
            cutsToServer_ += lastToServer_ ? 1 : 0;
        }
        EXPECT_TRUE(r.code == 0 || r.code == kNetwork)
            << where << ": exit " << r.code << " " << r.err << " " << r.out.dump();
        if (r.code != 0) {
            EXPECT_TRUE(proxy.fired()) << where << ": failed without a fault: " << r.err << r.out.dump();
        }
    }

    // The IMAP index equals the server's INBOX.
    void expectConverged(const CliProfile& cli, const TestUser& user, const std::string& where) {
        const auto local = petrel::testing::localSnapshot(cli.databasePath(), "acct");
        EXPECT_EQ(local.integrity, "ok") << where;
        EXPECT_EQ(local.rows, local.uids.size()) << where << ": a UID is stored twice";
        const auto onServer = petrel::testing::serverUidFlags(user);
        EXPECT_EQ(petrel::testing::describeDifference(onServer, local.uids), "") << where;
        checked_ += onServer.size();
    }

    std::uint64_t seed_ = 0;
    std::mt19937_64 random_;
    unsigned runs_ = 0, cuts_ = 0, cutsToServer_ = 0;
    std::size_t checked_ = 0;
    bool lastToServer_ = false;
    std::map<int, unsigned> exits_;
};

// Another client changes the mailbox: a few flags, an expunge, new mail.
void changeMailbox(const TestUser& user, std::mt19937_64& random) {
    auto c = rawImap(user);
    c->imapOk("SELECT INBOX");
    const auto uids = petrel::testing::serverUidFlags(user);
    std::vector<std::uint32_t> all;
    for (const auto& [u, f] : uids) all.push_back(u);
    if (!all.empty()) {
        for (int i = 0; i < 8; ++i) {
            const auto u = all[random() % all.size()];
            c->imapOk("UID STORE " + std::to_string(u) + (random() % 2 ? " +" : " -") + "FLAGS.SILENT (" +
                      (random() % 2 ? "\\Seen" : "\\Flagged") + ")");
        }
        c->imapOk("UID STORE " + std::to_string(all[random() % all.size()]) + " +FLAGS.SILENT (\\Deleted)");
        c->imapOk("EXPUNGE");
    }
    for (int i = 0; i < 5; ++i) {
        append(*c,
               "From: fault@example.com\r\nSubject: fault test " + std::to_string(i) + "\r\nMessage-ID: <fault-" +
                   std::to_string(random()) + "@example.com>\r\n\r\nhello\r\n",
               "ap" + std::to_string(i));
    }
}

}  // namespace

TEST_F(FaultProxyTest, CutDuringImapHeaderSyncConverges) {
    FaultProxy proxy(server().imapsPort());
    std::array<std::uint64_t, 2> calibrated{};
    {
        CliProfile cli("fault-imap-cal");
        auto user = server().createUser("bulk:300");
        addImap(cli, user, proxy.port());
        proxy.arm(FaultProxy::Direction::ToServer, 0);
        cli.ok({"sync", "acct", "--folder", "INBOX"});
        ASSERT_TRUE(proxy.waitIdle());
        calibrated = proxy.bytes();
        std::cout << "[ fault    ] an undisturbed first sync of 300 messages: " << calibrated[0] << " bytes sent, "
                  << calibrated[1] << " received\n";
    }
    std::unique_ptr<CliProfile> cli;
    TestUser user;
    for (unsigned run = 0; run < 40 && !HasFailure(); ++run) {
        if (run % 4 == 0) {
            // A fresh profile: the cut lands in the first header sync.
            cli = std::make_unique<CliProfile>("fault-imap");
            user = server().createUser("bulk:300");
            addImap(*cli, user, proxy.port());
        } else {
            // Resume after the previous cut, with the server changed meanwhile.
            changeMailbox(user, random_);
            setPort(*cli, proxy.port());
        }
        const std::string where = "header sync run " + std::to_string(run) + ": " + arm(proxy, calibrated);
        auto r = cli->run({"sync", "acct", "--folder", "INBOX"});
        afterFaultyRun(proxy, r, where);
        const auto after = petrel::testing::localSnapshot(cli->databasePath(), "acct");
        ASSERT_EQ(after.integrity, "ok") << where;
        ASSERT_EQ(after.rows, after.uids.size()) << where;
        setPort(*cli, server().imapsPort());
        cli->ok({"sync", "acct", "--folder", "INBOX"});
        expectConverged(*cli, user, where);
    }
}

TEST_F(FaultProxyTest, CutDuringAttachmentDownloadSavesAllOrNothing) {
    FaultProxy proxy(server().imapsPort());
    auto user = server().createUser("empty");
    // A 1.5 MB attachment (base64 on the wire: ~2 MB).
    std::string attachment;
    std::mt19937 bytes(7);
    for (int i = 0; i < 1'500'000; ++i) attachment += static_cast<char>(bytes() & 0xff);
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    for (std::size_t i = 0; i < attachment.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(attachment[i]) << 16;
        if (i + 1 < attachment.size()) v |= static_cast<unsigned char>(attachment[i + 1]) << 8;
        if (i + 2 < attachment.size()) v |= static_cast<unsigned char>(attachment[i + 2]);
        b64 += t[v >> 18];
        b64 += t[(v >> 12) & 63];
        b64 += i + 1 < attachment.size() ? t[(v >> 6) & 63] : '=';
        b64 += i + 2 < attachment.size() ? t[v & 63] : '=';
        if ((i / 3 + 1) % 19 == 0) b64 += "\r\n";
    }
    {
        auto c = rawImap(user);
        append(*c,
               "From: a@example.com\r\nTo: b@example.com\r\nSubject: big attachment\r\nMessage-ID: <big@example.com>\r\n"
               "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
               "Content-Type: text/plain\r\n\r\nsee attached\r\n--b1\r\nContent-Type: application/octet-stream; "
               "name=\"blob.bin\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; "
               "filename=\"blob.bin\"\r\n\r\n" +
                   b64 + "\r\n--b1--\r\n",
               "ap");
    }
    CliProfile cli("fault-part");
    addImap(cli, user, server().imapsPort());
    cli.ok({"sync", "acct", "--folder", "INBOX"});
    const auto uid = std::to_string(petrel::testing::serverUidFlags(user).begin()->first);
    setPort(cli, proxy.port());
    const fs::path file = cli.dir() / "blob.bin";
    proxy.arm(FaultProxy::Direction::ToServer, 0);
    cli.ok({"part", "acct", "--folder", "INBOX", "--uid", uid, "--section", "2", "--output", file.string()});
    ASSERT_TRUE(proxy.waitIdle());
    const auto calibrated = proxy.bytes();
    auto readAll = [](const fs::path& p) {
        std::ifstream f(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(f), {});
    };
    ASSERT_TRUE(readAll(file) == attachment) << "the undisturbed download differs";
    std::cout << "[ fault    ] an undisturbed download: " << calibrated[0] << " bytes sent, " << calibrated[1]
              << " received\n";
    // The part cache would answer every later download without the network: empty it first.
    auto forgetCachedParts = [&cli] {
        {
            petrel::store::Db db(cli.databasePath());
            db.exec("DELETE FROM parts");
        }
        const fs::path dir = petrel::engine::Profile(cli.profileDir().string()).cacheDirectory();
        for (const auto& e : fs::directory_iterator(dir)) fs::remove_all(e.path());
    };
    for (unsigned run = 0; run < 20 && !HasFailure(); ++run) {
        fs::remove(file);
        forgetCachedParts();
        const std::string where = "part run " + std::to_string(run) + ": " + arm(proxy, calibrated);
        auto r = cli.run({"part", "acct", "--folder", "INBOX", "--uid", uid, "--section", "2", "--output", file.string()});
        afterFaultyRun(proxy, r, where);
        EXPECT_FALSE(fs::exists(file.string() + ".part")) << where << ": a partial file was left behind";
        if (r.code == 0) {
            EXPECT_TRUE(readAll(file) == attachment) << where << ": saved bytes differ";
        } else {
            EXPECT_FALSE(fs::exists(file)) << where << ": a failed download left a file";
        }
        const auto local = petrel::testing::localSnapshot(cli.databasePath(), "acct");
        EXPECT_EQ(local.integrity, "ok") << where;
        // Whatever the cut left in the part cache, the next download is exact.
        fs::remove(file);
        setPort(cli, server().imapsPort());
        cli.ok({"part", "acct", "--folder", "INBOX", "--uid", uid, "--section", "2", "--output", file.string()});
        EXPECT_TRUE(readAll(file) == attachment) << where << ": the download after the cut differs";
        checked_ += 1;
        setPort(cli, proxy.port());
    }
}

TEST_F(FaultProxyTest, CutDuringPop3RetrievalLosesAndDuplicatesNothing) {
    for (const std::string mode : {"keep", "delete"}) {
        const bool tls = mode == "keep";  // one mode over POP3S, the other in the clear
        FaultProxy proxy(tls ? server().pop3sPort() : server().pop3Port());
        std::array<std::uint64_t, 2> calibrated{};
        {
            CliProfile cli("fault-pop3-cal");
            auto user = server().createUser("bulk:20");
            addPop3(cli, user, proxy.port(), mode, tls);
            proxy.arm(FaultProxy::Direction::ToServer, 0);
            cli.ok({"sync", "acct"});
            ASSERT_TRUE(proxy.waitIdle());
            calibrated = proxy.bytes();
        }
        for (unsigned run = 0; run < 22 && !HasFailure(); ++run) {
            CliProfile cli("fault-pop3");
            auto user = server().createUser("bulk:20");
            const auto originals = maildirMessageIds(user);
            ASSERT_EQ(originals.size(), 20u);
            addPop3(cli, user, proxy.port(), mode, tls);
            const std::string where = mode + " run " + std::to_string(run) + ": " + arm(proxy, calibrated);
            auto r = cli.run({"sync", "acct"});
            afterFaultyRun(proxy, r, where);
            auto local = pop3Local(cli);
            ASSERT_EQ(local.integrity, "ok") << where;
            for (const auto& [id, n] : local.byMessageId) {
                EXPECT_EQ(n, 1u) << where << ": " << id << " stored " << n << " times";
                EXPECT_TRUE(originals.count(id)) << where << ": stored " << id << ", which the server never had";
            }
            const auto onServer = maildirMessageIds(user);
            for (const auto& id : originals) {
                EXPECT_TRUE(onServer.count(id) || local.byMessageId.count(id))
                    << where << ": " << id << " left the server without being stored";
            }
            if (mode == "keep") {
                EXPECT_EQ(onServer.size(), originals.size()) << where << ": keep mode deleted";
            }
            setPort(cli, tls ? server().pop3sPort() : server().pop3Port());
            cli.ok({"sync", "acct"});
            local = pop3Local(cli);
            EXPECT_EQ(local.integrity, "ok") << where;
            EXPECT_EQ(local.messages, originals.size()) << where << ": not converged";
            EXPECT_EQ(local.byMessageId.size(), originals.size()) << where << ": not converged";
            EXPECT_EQ(maildirMessageIds(user).size(), mode == "keep" ? originals.size() : 0u) << where;
            checked_ += originals.size();
        }
    }
}

TEST_F(FaultProxyTest, CutDuringOfflineReplayLosesNoQueuedChange) {
    FaultProxy proxy(server().imapsPort());
    std::array<std::uint64_t, 2> calibrated{};
    for (unsigned run = 0; run < 22 && !HasFailure(); ++run) {
        CliProfile cli("fault-replay");
        auto user = server().createUser("bulk:40");
        addImap(cli, user, server().imapsPort());
        cli.ok({"sync", "acct", "--folder", "INBOX"});
        const auto before = petrel::testing::serverUidFlags(user);
        std::vector<std::uint32_t> uids;
        for (const auto& [u, f] : before) uids.push_back(u);
        ASSERT_GE(uids.size(), 10u);
        const auto toRead = uids[random_() % 5];
        const auto toFlag = uids[5 + random_() % 2];
        const auto toDelete = uids[7 + random_() % 3];
        setPort(cli, 1);  // nothing listens there: the changes are queued
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"mark", "acct", "--folder", "INBOX", "--uid", std::to_string(toRead), "--read"},
                 {"mark", "acct", "--folder", "INBOX", "--uid", std::to_string(toFlag), "--flag"},
                 {"delete", "acct", "--folder", "INBOX", "--uid", std::to_string(toDelete)}}) {
            auto out = cli.ok(args);
            ASSERT_TRUE(out.value("queued", false)) << out.dump();
        }
        ASSERT_EQ(petrel::testing::localSnapshot(cli.databasePath(), "acct").pendingOps, 3u);
        setPort(cli, proxy.port());
        std::string where = "replay run " + std::to_string(run) + ": ";
        if (run == 0) {
            proxy.arm(FaultProxy::Direction::ToServer, 0);
            cli.ok({"sync", "acct", "--folder", "INBOX"});
            ASSERT_TRUE(proxy.waitIdle());
            calibrated = proxy.bytes();
            where += "undisturbed";
        } else {
            where += arm(proxy, calibrated);
            auto r = cli.run({"sync", "acct", "--folder", "INBOX"});
            afterFaultyRun(proxy, r, where);
        }
        ASSERT_EQ(petrel::testing::localSnapshot(cli.databasePath(), "acct").integrity, "ok") << where;
        setPort(cli, server().imapsPort());
        cli.ok({"sync", "acct", "--folder", "INBOX"});
        const auto local = petrel::testing::localSnapshot(cli.databasePath(), "acct");
        EXPECT_EQ(local.pendingOps, 0u) << where;
        EXPECT_EQ(local.failedOps, 0u) << where << ": a replayed change was reported as a conflict";
        const auto after = petrel::testing::serverUidFlags(user);
        ASSERT_TRUE(after.count(toRead)) << where;
        EXPECT_TRUE(after.at(toRead) & 1u) << where << ": the queued 'read' was lost";
        ASSERT_TRUE(after.count(toFlag)) << where;
        EXPECT_TRUE(after.at(toFlag) & 4u) << where << ": the queued 'flag' was lost";
        EXPECT_FALSE(after.count(toDelete)) << where << ": the queued delete was lost";
        expectConverged(cli, user, where);
    }
}

// SMTP: the connection to Postfix is cut at a random offset while a message is sent. The
// message is then either delivered exactly once after the outbox is flushed without the proxy,
// or still held in the outbox (never lost); it is never delivered twice.
TEST_F(FaultProxyTest, CutDuringSmtpSendLosesAndDuplicatesNothing) {
    FaultProxy proxy(server().smtpPort());
    const auto alice = server().createUser("empty");
    const auto bob = server().createUser("empty");
    CliProfile cli("fault-smtp");
    cli.ok({"account", "add", "acct", "--imap", "--host", server().host(), "--port", std::to_string(server().imapsPort()),
            "--security", "tls", "--trust-fingerprint", server().certSha256(), "--user", alice.name,
            "--password-command", cli.passwordCommand("acct", alice.password), "--from", "<" + alice.address + ">",
            "--smtp-host", server().host(), "--smtp-port", std::to_string(proxy.port()), "--smtp-security", "starttls",
            "--smtp-trust-fingerprint", server().certSha256(), "--offline"});
    auto setSmtpPort = [&](std::uint16_t port) {
        petrel::store::Db db(cli.databasePath());
        petrel::store::AccountRepository accounts(db);
        auto account = *accounts.findByName("acct");
        account.smtp->port = port;
        accounts.update(account);
    };
    const std::string body = (cli.dir() / "body.txt").string();
    std::ofstream(body) << std::string(20000, 'b') << "\n";
    // How many copies of `subject` Bob has; waits up to `wait` for at least `atLeast`.
    auto delivered = [&](const std::string& subject, std::size_t atLeast, std::chrono::milliseconds wait) {
        auto c = rawImap(bob);
        const auto deadline = SteadyClock::now() + wait;
        for (;;) {
            c->imapOk("EXAMINE INBOX");
            std::size_t n = 0;
            for (const auto& l : c->imapOk("UID SEARCH SUBJECT \"" + subject + "\"")) {
                if (l.rfind("* SEARCH", 0) != 0) continue;
                std::istringstream words(l.substr(8));
                std::uint32_t u;
                while (words >> u) ++n;
            }
            if (n >= atLeast || SteadyClock::now() >= deadline) return n;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    };
    auto outboxState = [&](std::int64_t id) {
        petrel::store::Db db(cli.databasePath());
        auto st = db.prepare("SELECT state, last_error FROM outbox WHERE id = ?1");
        st.bind(1, id);
        return st.step() ? st.getText(0) + " " + st.getText(1) : std::string("gone");
    };
    std::array<std::uint64_t, 2> calibrated{};
    unsigned held = 0, deliveredOnce = 0, duplicated = 0;
    for (unsigned run = 0; run < 25; ++run) {
        const std::string subject = "fault-smtp-" + std::to_string(seed_) + "-" + std::to_string(run);
        setSmtpPort(proxy.port());
        std::string where = "smtp run " + std::to_string(run) + ": ";
        petrel::testing::CliResult r;
        if (run == 0) {
            proxy.arm(FaultProxy::Direction::ToServer, 0);
            r = cli.run({"send", "acct", "--to", bob.address, "--subject", subject, "--body-file", body});
            ASSERT_EQ(r.code, 0) << r.err << r.out.dump();
            ASSERT_TRUE(proxy.waitIdle());
            calibrated = proxy.bytes();
            where += "undisturbed";
            std::cout << "[ fault    ] an undisturbed send: " << calibrated[0] << " bytes sent, " << calibrated[1]
                      << " received\n";
        } else if (run <= 6) {
            // The server's last replies (250 after the message, 221 after QUIT) are the last TLS
            // records it sends: a cut there means the server has the message and the client
            // cannot know. Sweep that tail deterministically.
            const std::uint64_t offset = calibrated[1] - std::min<std::uint64_t>(calibrated[1] - 1, 25 * (7 - run));
            proxy.arm(FaultProxy::Direction::ToClient, offset);
            lastToServer_ = false;
            where += "server->client cut at byte " + std::to_string(offset) + "/" + std::to_string(calibrated[1]) +
                     " (the tail)";
            r = cli.run({"send", "acct", "--to", bob.address, "--subject", subject, "--body-file", body});
            afterFaultyRun(proxy, r, where);
        } else {
            where += arm(proxy, calibrated);
            r = cli.run({"send", "acct", "--to", bob.address, "--subject", subject, "--body-file", body});
            afterFaultyRun(proxy, r, where);
        }
        ASSERT_TRUE(r.out.is_object()) << where << ": " << r.err;
        // A failed send prints an error document without the outbox id: the newest item is it.
        std::int64_t id = r.out.value("outbox_id", std::int64_t{0});
        if (id == 0) {
            petrel::store::Db db(cli.databasePath());
            auto st = db.prepare("SELECT COALESCE(MAX(id), 0) FROM outbox");
            if (st.step()) id = st.getInt64(0);
        }
        ASSERT_GT(id, 0) << where << ": " << r.out.dump();
        {
            petrel::store::Db db(cli.databasePath());
            auto st = db.prepare("PRAGMA integrity_check");
            ASSERT_TRUE(st.step());
            ASSERT_EQ(st.getText(0), "ok") << where;
        }
        // Without the proxy, whatever is still pending goes out.
        setSmtpPort(server().smtpPort());
        cli.ok({"outbox", "acct", "--flush"});
        const std::string state = outboxState(id);
        const auto n = delivered(subject, 1, std::chrono::seconds(state.rfind("sent", 0) == 0 ? 20 : 2));
        // A second copy would arrive within the same delivery time as the first.
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const auto again = delivered(subject, 2, std::chrono::milliseconds(0));
        EXPECT_LE(again, 1u) << where << ": delivered " << again << " times (outbox: " << state << ")";
        if (n == 0) {
            // Not delivered: the outbox must still hold it.
            EXPECT_NE(state.rfind("sent", 0), 0u) << where << ": marked sent but never delivered";
            EXPECT_NE(state, "gone") << where << ": lost";
            ++held;
        } else if (again > 1) {
            ++duplicated;
        } else {
            ++deliveredOnce;
        }
        checked_ += 1;
        std::cout << "[ fault    ] " << where << ": exit " << r.code << ", " << r.out.value("outcome", "") << "; after the flush: "
                  << state.substr(0, 80) << "; delivered " << again << "x\n";
    }
    std::cout << "[ fault    ] smtp: " << deliveredOnce << " delivered exactly once, " << held
              << " held in the outbox, " << duplicated << " delivered twice\n";
}
