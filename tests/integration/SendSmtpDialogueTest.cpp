// Issue 6 item 3: what Petrel's SMTP client says on the wire, against scripted servers (pinned
// self-signed certificate, implicit TLS): one AUTH mechanism per attempt, the server's reason
// in errors, temporary refusals as network errors (the message stays queued), dot-stuffing.
#include <gtest/gtest.h>

#include "model/Error.h"
#include "net/SmtpSender.h"
#include "support/ScriptedServer.h"
#include "support/TestCertificates.h"

using namespace petrel;
using namespace petrel::testing;

namespace {

model::AccountConfig accountFor(std::uint16_t port, const TlsIdentity& identity) {
    model::AccountConfig a;
    a.name = "scripted";
    a.user = "alice";
    a.smtp = model::ServerEndpoint{"127.0.0.1", port, model::Security::Tls, identity.leafSha256};
    return a;
}

// Greeting, EHLO with the given extension lines, then the AUTH PLAIN exchange answered `authReply`.
void greetAndAuth(ScriptedConnection& c, const std::string& extensions, const std::string& authReply) {
    c.sendLine("220 scripted.example ESMTP");
    c.expect("EHLO");
    c.send("250-scripted.example\r\n" + extensions);
    c.expect("AUTH");
    c.sendLine("334 ");
    c.readLine();  // the base64 credentials
    c.sendLine(authReply);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
    return n;
}

TEST(SendSmtpDialogue, AWrongPasswordCostsOneAuthAttempt) {
    TestCertificates certs;
    const auto identity = certs.selfSigned();
    ScriptedServer server(
        [](ScriptedConnection& c) {
            greetAndAuth(c, "250-AUTH CRAM-MD5 DIGEST-MD5 LOGIN PLAIN\r\n250 8BITMIME\r\n",
                         "535 5.7.8 Error: authentication failed");
            for (;;) c.sendLine("535 5.7.8 no more");
        },
        identity);
    net::SmtpSender sender(accountFor(server.port(), identity), [] { return std::string("wrong-password"); });
    try {
        sender.send("alice@example.com", {"bob@example.com"}, "Subject: x\r\n\r\nx\r\n");
        FAIL() << "sent with a refused password";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Auth) << e.what();
    }
    server.waitIdle();
    EXPECT_EQ(count(server.received(), "AUTH "), 1u) << server.received();
    EXPECT_NE(server.received().find("AUTH PLAIN"), std::string::npos);
    EXPECT_EQ(server.received().find("MAIL FROM"), std::string::npos);
}

TEST(SendSmtpDialogue, TemporaryRefusalIsANetworkErrorCarryingTheReason) {
    TestCertificates certs;
    const auto identity = certs.selfSigned();
    ScriptedServer server(
        [](ScriptedConnection& c) {
            greetAndAuth(c, "250 AUTH PLAIN\r\n", "235 2.7.0 Authentication successful");
            c.expect("MAIL FROM:<alice@example.com>");
            c.sendLine("250 2.1.0 Ok");
            c.expect("RCPT TO:<bob@example.com>");
            c.sendLine(
                "451 4.7.1 <bob@example.com>: Recipient address rejected: greylisted, try again later");
            for (;;) c.sendLine("221 bye " + c.readLine());
        },
        identity);
    net::SmtpSender sender(accountFor(server.port(), identity), [] { return std::string("pw"); });
    try {
        sender.send("alice@example.com", {"bob@example.com"}, "Subject: x\r\n\r\nx\r\n");
        FAIL() << "a 451 was taken for success";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Network) << "temporary: the outbox keeps it queued";
        EXPECT_NE(std::string(e.what()).find("451 4.7.1"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("greylisted"), std::string::npos) << e.what();
    }
    EXPECT_EQ(server.received().find("DATA"), std::string::npos);
}

TEST(SendSmtpDialogue, MessageIsDotStuffedAndEnvelopeCarriesEveryRecipient) {
    TestCertificates certs;
    const auto identity = certs.selfSigned();
    std::string data;
    ScriptedServer server(
        [&](ScriptedConnection& c) {
            greetAndAuth(c, "250 AUTH PLAIN\r\n", "235 2.7.0 Authentication successful");
            c.expect("MAIL FROM:<alice@example.com>");
            c.sendLine("250 2.1.0 Ok");
            c.expect("RCPT TO:<bob@example.com>");
            c.sendLine("250 2.1.5 Ok");
            c.expect("RCPT TO:<hidden@example.net>");
            c.sendLine("250 2.1.5 Ok");
            c.expect("DATA");
            c.sendLine("354 End data with <CR><LF>.<CR><LF>");
            for (std::string line = c.readLine(); line != "."; line = c.readLine()) data += line + "\n";
            c.sendLine("250 2.0.0 Ok: queued as 123");
            for (;;) c.sendLine("221 bye " + c.readLine());
        },
        identity);
    net::SmtpSender sender(accountFor(server.port(), identity), [] { return std::string("pw"); });
    sender.send("alice@example.com", {"bob@example.com", "hidden@example.net"},
                "Subject: dots\r\n\r\n.leading dot\r\n..two\r\nplain\r\n");
    server.waitIdle();
    EXPECT_NE(data.find("\n..leading dot\n...two\nplain\n"), std::string::npos) << data;
    EXPECT_GT(sender.wireBytes().sent, 0u);
    EXPECT_TRUE(server.scriptErrors().empty());
}

TEST(SendSmtpDialogue, ConnectionLostBeforeTheFinalReplyLeavesTheOutcomeUnknown) {
    TestCertificates certs;
    const auto identity = certs.selfSigned();
    auto serve = [](bool answerData) {
        return [answerData](ScriptedConnection& c) {
            greetAndAuth(c, "250 AUTH PLAIN\r\n", "235 2.7.0 Authentication successful");
            c.expect("MAIL FROM");
            c.sendLine("250 2.1.0 Ok");
            c.expect("RCPT TO");
            c.sendLine("250 2.1.5 Ok");
            c.expect("DATA");
            if (!answerData) return;  // gone before the body: nothing could have been accepted
            c.sendLine("354 go ahead");
            while (c.readLine() != ".") {
            }
            // ... and gone without "250 queued": did the message go out?
        };
    };
    const std::string raw = "Subject: x\r\n\r\n" + std::string(20000, 'x') + "\r\n";
    for (const bool afterBody : {true, false}) {
        ScriptedServer server(serve(afterBody), identity);
        net::SmtpSender sender(accountFor(server.port(), identity), [] { return std::string("pw"); });
        try {
            sender.send("alice@example.com", {"bob@example.com"}, raw);
            ADD_FAILURE() << "no confirmation, yet success";
        } catch (const model::Error& e) {
            EXPECT_EQ(e.kind(), model::ErrorKind::Network) << e.what();
        }
        EXPECT_EQ(sender.outcomeUnknown(), afterBody);
    }
}

}  // namespace
