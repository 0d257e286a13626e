// ImapSession::idle against a fake plaintext IMAP server on loopback: the silence timeout must
// not end a quiet IDLE, an EXISTS ends it with DONE, stop() ends it within ~200 ms, and a
// cancelled job ends it as Cancelled.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "NetTestSupport.h"
#include "model/Error.h"
#include "net/ImapSession.h"

using petrel::model::AccountConfig;
using petrel::model::ErrorKind;
using petrel::model::Protocol;
using petrel::model::Security;
using petrel::net::ConnectOptions;
using petrel::net::ImapSession;
using petrel::nettest::LineLog;
using petrel::nettest::LoopbackServer;
using petrel::nettest::ServerConn;
using namespace std::chrono_literals;

namespace {

// Serves login, EXAMINE and IDLE; during IDLE it sends "* 5 EXISTS" after existsAfter
// (never when zero) and answers DONE.
void serve(ServerConn& c, std::chrono::milliseconds existsAfter, LineLog& log) {
    c.write("* OK [CAPABILITY IMAP4rev1] fake ready\r\n");
    for (std::string line = c.readLine(); !line.empty(); line = c.readLine()) {
        log.add(line);
        const std::string tag = line.substr(0, line.find(' '));
        const std::string rest = line.substr(std::min(line.size(), tag.size() + 1));
        std::string cmd = rest.substr(0, rest.find(' '));
        for (auto& ch : cmd) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (cmd == "CAPABILITY") {
            c.write("* CAPABILITY IMAP4rev1 IDLE\r\n" + tag + " OK done\r\n");
        } else if (cmd == "LOGIN") {
            c.write(tag + " OK Logged in\r\n");
        } else if (cmd == "LIST") {
            c.write("* LIST (\\Noselect) \"/\" \"\"\r\n" + tag + " OK done\r\n");
        } else if (cmd == "EXAMINE") {
            c.write("* 4 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 5] ok\r\n" + tag +
                    " OK [READ-ONLY] done\r\n");
        } else if (cmd == "IDLE") {
            c.write("+ idling\r\n");
            std::string done;
            if (existsAfter.count() > 0) {
                done = c.readLine(existsAfter);
                if (done.empty()) {
                    c.write("* 5 EXISTS\r\n");
                    done = c.readLine(5s);
                }
            } else {
                done = c.readLine(10s);
            }
            log.add(done);
            if (done == "DONE") c.write(tag + " OK Idle completed\r\n");
        } else if (cmd == "LOGOUT") {
            c.write("* BYE bye\r\n" + tag + " OK done\r\n");
            return;
        } else {
            c.write(tag + " BAD unknown\r\n");
        }
    }
}

AccountConfig account(std::uint16_t port) {
    AccountConfig a;
    a.name = "idle";
    a.protocol = Protocol::Imap;
    a.incoming.host = "127.0.0.1";
    a.incoming.port = port;
    a.incoming.security = Security::Plain;
    a.allowPlaintext = true;
    a.compress = false;
    a.user = "user";
    return a;
}

long long msSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

TEST(ImapIdle, ExistsAfterLongerThanTheSilenceTimeoutEndsIdleWithDone) {
    LineLog log;
    LoopbackServer server([&](ServerConn& c) { serve(c, 1500ms, log); });
    ConnectOptions options;
    options.timeout = 500ms;  // shorter than the server's silence: must not fire while idling
    ImapSession session(account(server.port()), [] { return std::string("pw"); }, options);
    session.connect();
    ASSERT_TRUE(session.hasCapability("IDLE"));
    session.select("INBOX", true);
    std::vector<std::string> seen;
    const auto start = std::chrono::steady_clock::now();
    const bool changed = session.idle([] { return false; }, 60s, [&](const std::string& u) { seen.push_back(u); });
    EXPECT_TRUE(changed);
    EXPECT_GE(msSince(start), 1400);
    EXPECT_LT(msSince(start), 4000);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], "* 5 EXISTS");
    EXPECT_TRUE(log.waitForSubstring("DONE"));
    session.logout();
    server.finish();
}

TEST(ImapIdle, StopEndsIdleQuicklyWithoutChange) {
    LineLog log;
    LoopbackServer server([&](ServerConn& c) { serve(c, 0ms, log); });
    ImapSession session(account(server.port()), [] { return std::string("pw"); });
    session.connect();
    session.select("INBOX", true);
    const auto start = std::chrono::steady_clock::now();
    const auto stopAt = start + 300ms;
    const bool changed = session.idle([&] { return std::chrono::steady_clock::now() >= stopAt; }, 60s);
    EXPECT_FALSE(changed);
    EXPECT_LT(msSince(start), 300 + 400);
    EXPECT_TRUE(log.waitForSubstring("DONE"));
    // The session is usable afterwards.
    session.select("INBOX", true, true);
    session.logout();
    server.finish();
}

TEST(ImapIdle, MaxIdleEndsIdle) {
    LineLog log;
    LoopbackServer server([&](ServerConn& c) { serve(c, 0ms, log); });
    ImapSession session(account(server.port()), [] { return std::string("pw"); });
    session.connect();
    session.select("INBOX", true);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(session.idle({}, 1s));
    EXPECT_GE(msSince(start), 900);
    EXPECT_LT(msSince(start), 2000);
    session.logout();
    server.finish();
}

TEST(ImapIdle, CancellationEndsIdleAsCancelled) {
    LineLog log;
    LoopbackServer server([&](ServerConn& c) { serve(c, 0ms, log); });
    std::atomic<bool> cancelled{false};
    ConnectOptions options;
    options.isCancelled = [&] { return cancelled.load(); };
    ImapSession session(account(server.port()), [] { return std::string("pw"); }, options);
    session.connect();
    session.select("INBOX", true);
    std::thread canceller([&] {
        std::this_thread::sleep_for(300ms);
        cancelled = true;
    });
    const auto start = std::chrono::steady_clock::now();
    try {
        session.idle({}, 60s);
        ADD_FAILURE() << "idle returned after cancellation";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    }
    canceller.join();
    EXPECT_LT(msSince(start), 1500);
    session.logout();
    server.finish();
}

}  // namespace
