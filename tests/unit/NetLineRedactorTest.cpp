#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "net/LineRedactor.h"
#include "net/RedactingTracer.h"
#include "net/RedactingTracerFactory.h"
#include "net/SecretScrubber.h"

using petrel::net::LineRedactor;
using petrel::net::RedactingTracerFactory;
using petrel::net::SecretScrubber;
using petrel::net::TraceDirection;
using petrel::net::TraceEvent;
using petrel::net::WireProtocol;

// Lines below are the forms vmime 0.9.2 and common servers produce; "C:" lines go through
// clientLine, "S:" lines through serverLine, in order, as one connection would.

TEST(NetLineRedactor, ImapLoginKeepsTheUserHidesThePassword) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine("a001 LOGIN alice secretpw"), "a001 LOGIN alice <redacted>");
    EXPECT_EQ(r.serverLine("a001 OK [CAPABILITY IMAP4rev1] Logged in"),
              "a001 OK [CAPABILITY IMAP4rev1] Logged in");
    EXPECT_EQ(r.clientLine("a002 SELECT INBOX"), "a002 SELECT INBOX");
}

TEST(NetLineRedactor, ImapLoginWithQuotedStrings) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine(R"(a002 LOGIN "alice@example.org" "pa ss\"w")"),
              R"(a002 LOGIN "alice@example.org" <redacted>)");
    EXPECT_EQ(r.serverLine("a002 NO [AUTHENTICATIONFAILED] failed"), "a002 NO [AUTHENTICATIONFAILED] failed");
    EXPECT_EQ(r.clientLine(R"(a1 login "we\"ird user" x)"), R"(a1 login "we\"ird user" <redacted>)");
}

TEST(NetLineRedactor, ImapLoginWithLiteralsHidesContinuationLines) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine("a003 LOGIN {5}"), "a003 LOGIN <redacted>");
    EXPECT_EQ(r.serverLine("+ go ahead"), "+ go ahead");
    EXPECT_EQ(r.clientLine("alice {8}"), "<redacted>");
    EXPECT_EQ(r.serverLine("+ go ahead"), "+ go ahead");
    EXPECT_EQ(r.clientLine("password"), "<redacted>");
    EXPECT_EQ(r.serverLine("a003 NO [AUTHENTICATIONFAILED] Authentication failed."),
              "a003 NO [AUTHENTICATIONFAILED] Authentication failed.");
    EXPECT_EQ(r.clientLine("a004 LOGOUT"), "a004 LOGOUT");
}

TEST(NetLineRedactor, ImapAuthenticateWithInitialResponse) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine("a005 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA=="),
              "a005 AUTHENTICATE PLAIN <redacted>");
    EXPECT_EQ(r.serverLine("a005 OK done"), "a005 OK done");
    EXPECT_EQ(r.clientLine("a006 NOOP"), "a006 NOOP");
}

TEST(NetLineRedactor, ImapAuthenticateContinuations) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine("a006 AUTHENTICATE LOGIN"), "a006 AUTHENTICATE LOGIN");
    EXPECT_EQ(r.serverLine("+ VXNlcm5hbWU6"), "+ VXNlcm5hbWU6");
    EXPECT_EQ(r.clientLine("YWxpY2U="), "<redacted>");
    EXPECT_EQ(r.serverLine("+ UGFzc3dvcmQ6"), "+ UGFzc3dvcmQ6");
    EXPECT_EQ(r.clientLine("c2VjcmV0"), "<redacted>");
    EXPECT_EQ(r.serverLine("* CAPABILITY IMAP4rev1"), "* CAPABILITY IMAP4rev1");
    EXPECT_EQ(r.clientLine("c2VjcmV0"), "<redacted>");  // still inside the exchange
    EXPECT_EQ(r.serverLine("a006 OK Logged in"), "a006 OK Logged in");
    EXPECT_EQ(r.clientLine(R"(a007 LIST "" *)"), R"(a007 LIST "" *)");
}

TEST(NetLineRedactor, ImapCommandWithoutTag) {
    LineRedactor r(WireProtocol::Imap);
    EXPECT_EQ(r.clientLine("LOGIN alice secret"), "LOGIN alice <redacted>");
    EXPECT_EQ(r.clientLine("more"), "<redacted>");
    EXPECT_EQ(r.serverLine("a1 OK"), "a1 OK");
    EXPECT_EQ(r.clientLine("a2 NOOP"), "a2 NOOP");
}

TEST(NetLineRedactor, ImapOtherCommandsAndSocketNotesPassUnchanged) {
    LineRedactor r(WireProtocol::Imap);
    for (const char* line : {"a008 FETCH 1:* (FLAGS)", "Connecting to 127.0.0.1, port 993", "Disconnecting",
                             "a009 UID FETCH 4 (BODY.PEEK[1.2]<0.65536>)", "a010 STARTTLS"})
        EXPECT_EQ(r.clientLine(line), line);
}

TEST(NetLineRedactor, Pop3) {
    LineRedactor r(WireProtocol::Pop3);
    EXPECT_EQ(r.clientLine("USER alice"), "USER alice");
    EXPECT_EQ(r.clientLine("PASS secret word"), "PASS <redacted>");
    EXPECT_EQ(r.clientLine("pass secret"), "PASS <redacted>");
    EXPECT_EQ(r.clientLine("APOP alice c4c9334bac560ecc979e58001b3e22fb"), "APOP alice <redacted>");
    EXPECT_EQ(r.clientLine("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), "AUTH PLAIN <redacted>");
    EXPECT_EQ(r.serverLine("+OK Logged in."), "+OK Logged in.");
    EXPECT_EQ(r.clientLine("AUTH LOGIN"), "AUTH LOGIN");
    EXPECT_EQ(r.serverLine("+ VXNlcm5hbWU6"), "+ VXNlcm5hbWU6");
    EXPECT_EQ(r.clientLine("YWxpY2U="), "<redacted>");
    EXPECT_EQ(r.clientLine("c2VjcmV0"), "<redacted>");
    EXPECT_EQ(r.serverLine("-ERR [AUTH] Authentication failed."), "-ERR [AUTH] Authentication failed.");
    EXPECT_EQ(r.clientLine("STAT"), "STAT");
    EXPECT_EQ(r.clientLine("AUTH"), "AUTH");  // listing mechanisms opens no exchange
    EXPECT_EQ(r.clientLine("CAPA"), "CAPA");
}

TEST(NetLineRedactor, Smtp) {
    LineRedactor r(WireProtocol::Smtp);
    EXPECT_EQ(r.clientLine("EHLO client.example"), "EHLO client.example");
    EXPECT_EQ(r.clientLine("AUTH PLAIN AGFsaWNlAHNlY3JldA=="), "AUTH PLAIN <redacted>");
    EXPECT_EQ(r.serverLine("235 2.7.0 Authentication successful"), "235 2.7.0 Authentication successful");
    EXPECT_EQ(r.clientLine("AUTH LOGIN YWxpY2U="), "AUTH LOGIN <redacted>");
    EXPECT_EQ(r.serverLine("334 UGFzc3dvcmQ6"), "334 UGFzc3dvcmQ6");
    EXPECT_EQ(r.clientLine("c2VjcmV0"), "<redacted>");
    EXPECT_EQ(r.serverLine("535 5.7.8 Authentication failed"), "535 5.7.8 Authentication failed");
    EXPECT_EQ(r.clientLine("MAIL FROM:<alice@example.org>"), "MAIL FROM:<alice@example.org>");
}

TEST(NetLineRedactor, KnownSecretsAreScrubbedAnywhere) {
    auto scrubber = std::make_shared<SecretScrubber>();
    scrubber->add("hunter22");
    scrubber->add("ab");  // too short to scrub verbatim
    LineRedactor r(WireProtocol::Imap, scrubber);
    EXPECT_EQ(r.clientLine("a009 SELECT hunter22"), "a009 SELECT <redacted>");
    EXPECT_EQ(r.serverLine("a009 NO hunter22hunter22 unknown"), "a009 NO <redacted><redacted> unknown");
    EXPECT_EQ(r.clientLine("a010 SELECT ab"), "a010 SELECT ab");
}

TEST(NetLineRedactor, TracerFactoryRedactsPerConnectionIntoTheSink) {
    std::vector<TraceEvent> events;
    RedactingTracerFactory factory([&](const TraceEvent& e) { events.push_back(e); }, WireProtocol::Imap);
    factory.addSecret("s3cr3t-pw");
    auto t1 = factory.create(nullptr, 1);
    auto t2 = factory.create(nullptr, 2);
    t1->traceSend("a1 LOGIN alice {9}");
    t2->traceSend("b1 NOOP");  // another connection: not inside t1's exchange
    t1->traceSend("s3cr3t-pw");
    t1->traceReceive("a1 OK done");
    t1->traceSendBytes(42, "SASL exchange");

    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].text, "a1 LOGIN alice <redacted>");
    EXPECT_EQ(events[0].direction, TraceDirection::Sent);
    EXPECT_EQ(events[0].connection, 1);
    EXPECT_EQ(events[0].protocol, "imap");
    EXPECT_EQ(events[1].text, "b1 NOOP");
    EXPECT_EQ(events[1].connection, 2);
    EXPECT_EQ(events[2].text, "<redacted>");
    EXPECT_EQ(events[3].direction, TraceDirection::Received);
    EXPECT_EQ(events[4].text, "<42 bytes, SASL exchange>");
    for (const auto& e : events) EXPECT_EQ(e.text.find("s3cr3t"), std::string::npos);
}
