// Servers that drip their greeting one byte at a time, in the parts of each protocol that vmime
// reads itself (greeting, login, the SMTP dialogue). vmime's timeout restarts on every byte, so
// without a deadline for the whole exchange such a server held the client for as long as it
// liked (measured: a 230-byte greeting at one byte per 100 ms took 24.5 s to fail with a 1.5 s
// timeout; one that never ends would hang for ever). Now each exchange ends within
// net::kExchangeTimeouts timeouts as a network error, and no password is sent.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "net/ConnectOptions.h"
#include "net/ImapSession.h"
#include "net/Pop3Session.h"
#include "net/ServiceConnector.h"
#include "net/SmtpSender.h"
#include "support/ScriptedServer.h"

using petrel::model::ErrorKind;
using petrel::testing::ScriptedConnection;
using petrel::testing::ScriptedServer;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kTimeout = std::chrono::milliseconds(1500);
const char* const kPassword = "drip-secret-Pw-5";

petrel::model::AccountConfig plainAccount(petrel::model::Protocol protocol, std::uint16_t port) {
    petrel::model::AccountConfig a;
    a.name = "drip";
    a.protocol = protocol;
    a.incoming = {"127.0.0.1", port, petrel::model::Security::Plain, ""};
    a.user = "victim";
    a.allowPlaintext = true;
    a.fromAddress = "<victim@example.com>";
    a.smtp = petrel::model::ServerEndpoint{"127.0.0.1", port, petrel::model::Security::Plain, ""};
    return a;
}

petrel::net::ConnectOptions shortTimeout() {
    petrel::net::ConnectOptions o;
    o.timeout = kTimeout;
    return o;
}

// A greeting of 2,000 bytes at one byte per 50 ms: 100 s if let run.
ScriptedServer::Script dripGreeting(const std::string& start) {
    return [start](ScriptedConnection& c) {
        c.sendSlowly(start + std::string(2000, 'x') + "\r\n", std::chrono::milliseconds(50));
    };
}

// Runs `connect`, expects a Network error, and checks it came after the deadline, not long after.
template <typename F>
void expectEndsAtTheDeadline(const std::string& what, ScriptedServer& server, F&& connect) {
    const auto start = SteadyClock::now();
    try {
        connect();
        ADD_FAILURE() << what << ": no error";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Network) << what << ": " << e.what();
    }
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    const double deadline = std::chrono::duration<double>(petrel::net::kExchangeTimeouts * kTimeout).count();
    std::cout << "[ drip     ] " << what << ": network error after " << seconds * 1000 << " ms (deadline "
              << deadline * 1000 << " ms)\n";
    EXPECT_GT(seconds, deadline - 0.5) << what << ": bytes kept flowing, so only the deadline may end it";
    EXPECT_LT(seconds, deadline + 4.0) << what;
    server.waitIdle();
    EXPECT_EQ(server.received().find(kPassword), std::string::npos) << what;
}

}  // namespace

TEST(DripFedServer, ImapGreetingEndsAtTheExchangeDeadline) {
    ScriptedServer server(dripGreeting("* OK "));
    petrel::net::ImapSession session(plainAccount(petrel::model::Protocol::Imap, server.port()),
                                     [] { return std::string(kPassword); }, shortTimeout());
    expectEndsAtTheDeadline("IMAP greeting", server, [&] { session.connect(); });
}

TEST(DripFedServer, Pop3GreetingEndsAtTheExchangeDeadline) {
    ScriptedServer server(dripGreeting("+OK "));
    petrel::net::ServiceConnector connector(plainAccount(petrel::model::Protocol::Pop3, server.port()),
                                            [] { return std::string(kPassword); }, shortTimeout());
    expectEndsAtTheDeadline("POP3 greeting", server, [&] { petrel::net::Pop3Session session(connector); });
}

TEST(DripFedServer, SmtpGreetingEndsAtTheExchangeDeadline) {
    ScriptedServer server(dripGreeting("220-"));
    petrel::net::SmtpSender sender(plainAccount(petrel::model::Protocol::Imap, server.port()),
                                   [] { return std::string(kPassword); }, shortTimeout());
    expectEndsAtTheDeadline("SMTP greeting", server, [&] {
        sender.send("victim@example.com", {"x@example.com"}, "Subject: hi\r\n\r\nhello\r\n");
    });
}
