// Issue 6: sending through the project's Postfix (STARTTLS + AUTH, pinned self-signed
// certificate), reading the result back from Dovecot with a separate raw IMAP client.
#include <gtest/gtest.h>

#include "SendTestSupport.h"
#include "mime/MessageParser.h"
#include "support/ScriptedServer.h"
#include "support/TestCertificates.h"

using namespace petrel;
using namespace petrel::testing;
using namespace petrel::testing::send;

namespace {

TEST(SendMessage, Utf8MessageWithBinaryAttachmentArrivesByteForByteAndSentHasACopy) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    const TestUser carol = server.createUser("empty");
    SendingAccount account(alice, "send-utf8", "Älice Ünïcode");
    const std::string body =
        "Hallo Bob,\n\nhier sind die Zahlen für das Quartal, wie besprochen; dieser Absatz ist absichtlich "
        "so lang, "
        "dass er umbrochen werden muss.\n\n-- \nÄlice\n";
    const std::string bytes = randomBytes(400 * 1024, 7);
    const std::string attachment = account.file("Übersicht März.bin", bytes);
    auto r = account.ok({"send", "acct", "--to", "Bob Example <" + bob.address + ">", "--bcc", carol.address,
                         "--subject", "Grüße aus Köln ✓", "--body-file", account.file("body.txt", body),
                         "--attach", attachment});
    ASSERT_EQ(r.value("outcome", ""), "sent") << r.dump(2);
    const std::string messageId = r.value("message_id", "");
    ASSERT_FALSE(messageId.empty());

    auto bobImap = imapLogin(bob);
    auto uids = findMessage(*bobImap, "INBOX", messageId);
    ASSERT_EQ(uids.size(), 1u) << server.logTail();
    const std::string raw = fetchRaw(*bobImap, uids.front());
    auto parsed = mime::parseMessage(raw, 1 << 20);
    EXPECT_EQ(parsed.summary.subject, "Grüße aus Köln ✓");
    EXPECT_NE(parsed.summary.from.find("Älice Ünïcode"), std::string::npos) << parsed.summary.from;
    EXPECT_NE(parsed.summary.from.find(alice.address), std::string::npos);
    EXPECT_NE(parsed.summary.to.find(bob.address), std::string::npos);
    EXPECT_EQ(raw.find(carol.address), std::string::npos) << "Bcc must not reach the message";
    EXPECT_NE(raw.find("User-Agent: Petrel/"), std::string::npos);
    EXPECT_NE(raw.find("format=flowed"), std::string::npos);
    EXPECT_EQ(mime::parseMessage(raw, 1 << 20).text.find("Hallo Bob,"), 0u);
    ASSERT_EQ(parsed.parts.size(), 2u);
    EXPECT_EQ(parsed.parts[1].fileName, "Übersicht März.bin");
    EXPECT_EQ(mime::extractPart(raw, parsed.parts[1].section, true), bytes);

    auto carolImap = imapLogin(carol);
    EXPECT_EQ(findMessage(*carolImap, "INBOX", messageId).size(), 1u) << "the Bcc recipient gets it too";

    auto aliceImap = imapLogin(alice);
    const std::string sentFolder = r.value("sent_folder", "");
    ASSERT_FALSE(sentFolder.empty());
    auto sent = findMessage(*aliceImap, sentFolder, messageId, std::chrono::milliseconds(0));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent.front(), r.value("sent_uid", 0u)) << "the UID from APPENDUID";
    EXPECT_NE(fetchFlags(*aliceImap, sent.front()).find("\\Seen"), std::string::npos);
    const std::string sentCopy = fetchRaw(*aliceImap, sent.front());
    EXPECT_EQ(mime::extractPart(sentCopy, "2", true), bytes);
    EXPECT_NE(sentCopy.find("Bcc: " + carol.address), std::string::npos) << "the sender's copy keeps Bcc";

    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty()) << "a sent message leaves the outbox";
    auto stats = account.ok({"stats", "acct"}).dump();
    EXPECT_NE(stats.find("\"send\""), std::string::npos) << stats;
}

TEST(SendMessage, ReplyAllCarriesThreadingHeadersAndQuotes) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    const TestUser carol = server.createUser("empty");
    SendingAccount aliceAccount(alice, "send-reply-a", "Alice");
    SendingAccount bobAccount(bob, "send-reply-b", "Bob");
    auto first =
        aliceAccount.ok({"send", "acct", "--to", bob.address, "--cc", carol.address, "--subject",
                         "Re: RE: AW: Plans", "--body-file", aliceAccount.file("b.txt", "Shall we meet?\n")});
    const std::string originalId = first.value("message_id", "");
    auto bobImap = imapLogin(bob);
    auto uids = findMessage(*bobImap, "INBOX", originalId);
    ASSERT_EQ(uids.size(), 1u);

    bobAccount.ok({"sync", "acct", "--folder", "INBOX"});
    auto reply =
        bobAccount.ok({"reply", "acct", "--folder", "INBOX", "--uid", std::to_string(uids.front()), "--all",
                       "--body-file", bobAccount.file("r.txt", "Yes, Tuesday.\n"), "--send"});
    ASSERT_EQ(reply.value("outcome", ""), "sent") << reply.dump(2);

    auto aliceImap = imapLogin(alice);
    auto got = findMessage(*aliceImap, "INBOX", reply.value("message_id", ""));
    ASSERT_EQ(got.size(), 1u);
    const std::string raw = fetchRaw(*aliceImap, got.front());
    auto parsed = mime::parseMessage(raw, 1 << 20);
    EXPECT_EQ(parsed.summary.subject, "Re: Plans");
    EXPECT_EQ(parsed.summary.inReplyTo, originalId);
    EXPECT_NE(parsed.summary.references.find(originalId), std::string::npos);
    EXPECT_NE(parsed.text.find("Yes, Tuesday."), std::string::npos) << parsed.text;
    EXPECT_NE(parsed.text.find("Alice wrote:"), std::string::npos) << parsed.text;
    EXPECT_NE(parsed.text.find("> Shall we meet?"), std::string::npos) << parsed.text;
    EXPECT_NE(parsed.summary.cc.find(carol.address), std::string::npos) << "reply all keeps Cc";
    EXPECT_EQ(parsed.summary.to.find(bob.address), std::string::npos) << "never to ourselves";
    auto carolImap = imapLogin(carol);
    EXPECT_EQ(findMessage(*carolImap, "INBOX", reply.value("message_id", "")).size(), 1u);
}

TEST(SendMessage, ReplyGoesToReplyToAndReplyAllAlsoToTheAuthor) {
    auto& server = MailServer::instance();
    const TestUser bob = server.createUser("empty");
    SendingAccount bobAccount(bob, "send-replyto", "Bob");
    const std::string message =
        "From: Carl <carl@example.org>\r\nTo: " + bob.address +
        "\r\nReply-To: Team List <team@lists.example.org>\r\nSubject: [team] Agenda\r\n"
        "Message-ID: <agenda-1@example.org>\r\nDate: Tue, 03 Mar 2026 10:00:00 +0000\r\n\r\n"
        "Items for Monday.\r\n";
    auto imap = imapLogin(bob);
    imap->send("a1 APPEND INBOX {" + std::to_string(message.size()) + "}\r\n");
    imap->readLine();
    imap->send(message + "\r\n");
    imap->readLinesUntil([](const std::string& l) { return l.rfind("a1 ", 0) == 0; });
    bobAccount.ok({"sync", "acct", "--folder", "INBOX"});
    const auto uid = findMessage(*imap, "INBOX", "<agenda-1@example.org>").front();

    auto toSender = bobAccount.ok({"reply", "acct", "--folder", "INBOX", "--uid", std::to_string(uid)});
    ASSERT_EQ(toSender["to"].size(), 1u) << toSender.dump(2);
    EXPECT_EQ(toSender["to"][0], "Team List <team@lists.example.org>");
    EXPECT_EQ(toSender.value("subject", ""), "Re: [team] Agenda");
    EXPECT_EQ(toSender.value("in_reply_to", ""), "<agenda-1@example.org>");
    EXPECT_NE(
        toSender.value("body", "").find("On Tue, 3 Mar 2026 10:00 UTC, Carl wrote:\n> Items for Monday."),
        std::string::npos)
        << toSender.value("body", "");

    auto toAll = bobAccount.ok({"reply", "acct", "--folder", "INBOX", "--uid", std::to_string(uid), "--all"});
    ASSERT_EQ(toAll["to"].size(), 2u) << toAll.dump(2);
    EXPECT_EQ(toAll["to"][0], "Team List <team@lists.example.org>");
    EXPECT_EQ(toAll["to"][1], "Carl <carl@example.org>");
    EXPECT_TRUE(toAll["cc"].empty()) << "our own address is never among the recipients";
}

TEST(SendMessage, ForwardAsAttachmentAndInlineKeepTheOriginal) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount aliceAccount(alice, "send-fwd-a", "Alice");
    SendingAccount bobAccount(bob, "send-fwd-b", "Bob");
    const std::string bytes = randomBytes(50 * 1024, 3);
    auto first = aliceAccount.ok({"send", "acct", "--to", bob.address, "--subject", "Fwd: Report",
                                  "--body-file", aliceAccount.file("b.txt", "See attached.\n"), "--attach",
                                  aliceAccount.file("report.pdf", bytes)});
    auto bobImap = imapLogin(bob);
    auto uids = findMessage(*bobImap, "INBOX", first.value("message_id", ""));
    ASSERT_EQ(uids.size(), 1u);
    const std::string original = fetchRaw(*bobImap, uids.front());
    bobAccount.ok({"sync", "acct", "--folder", "INBOX"});

    auto asAttachment =
        bobAccount.ok({"forward", "acct", "--folder", "INBOX", "--uid", std::to_string(uids.front()), "--to",
                       alice.address, "--as-attachment"});
    auto inlined =
        bobAccount.ok({"forward", "acct", "--folder", "INBOX", "--uid", std::to_string(uids.front()), "--to",
                       alice.address, "--body-file", bobAccount.file("f.txt", "FYI\n")});
    auto aliceImap = imapLogin(alice);
    auto a = findMessage(*aliceImap, "INBOX", asAttachment.value("message_id", ""));
    ASSERT_EQ(a.size(), 1u);
    const std::string rawA = fetchRaw(*aliceImap, a.front());
    auto parsedA = mime::parseMessage(rawA, 1 << 20);
    EXPECT_EQ(parsedA.summary.subject, "Fwd: Report");
    EXPECT_NE(rawA.find("Content-Type: message/rfc822"), std::string::npos);
    EXPECT_NE(rawA.find(original.substr(original.find("From:"))), std::string::npos)
        << "the original travels unchanged";

    auto i = findMessage(*aliceImap, "INBOX", inlined.value("message_id", ""));
    ASSERT_EQ(i.size(), 1u);
    const std::string rawI = fetchRaw(*aliceImap, i.front());
    auto parsedI = mime::parseMessage(rawI, 1 << 20);
    EXPECT_EQ(parsedI.summary.subject, "Fwd: Report");
    EXPECT_NE(parsedI.text.find("FYI"), std::string::npos);
    EXPECT_NE(parsedI.text.find("See attached."), std::string::npos);
    ASSERT_EQ(parsedI.parts.size(), 2u);
    EXPECT_EQ(parsedI.parts[1].fileName, "report.pdf");
    EXPECT_EQ(mime::extractPart(rawI, parsedI.parts[1].section, true), bytes);
}

TEST(SendMessage, RefusedRecipientShowsTheServersReasonAndStaysInTheOutboxAsFailed) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    SendingAccount account(alice, "send-refused");
    auto r = account.run({"send", "acct", "--to", "refused@example.com", "--subject", "hi", "--body-file",
                          account.file("b.txt", "hello\n")});
    EXPECT_EQ(r.code, 5) << r.out.dump(2);
    const std::string message = r.out["error"].value("message", "");
    EXPECT_NE(message.find("550"), std::string::npos) << message;
    EXPECT_NE(message.find("User unknown"), std::string::npos) << message;
    auto items = account.ok({"outbox", "acct"})["items"];
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].value("state", ""), "failed");
    EXPECT_NE(items[0].value("last_error", "").find("User unknown"), std::string::npos);
    // Removing it is the user's call.
    account.ok({"outbox", "acct", "--remove", std::to_string(items[0].value("id", 0LL))});
    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty());
}

TEST(SendMessage, UnreachableServerQueuesAndTheMessageIsSentExactlyOnceLater) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "send-queue");
    account.amend([](model::AccountConfig& a) { a.smtp->port = closedPort(); });
    auto r = account.ok({"send", "acct", "--to", bob.address, "--subject", "later", "--body-file",
                         account.file("b.txt", "queued\n")});
    EXPECT_EQ(r.value("outcome", ""), "queued") << r.dump(2);
    auto items = account.ok({"outbox", "acct"})["items"];
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].value("state", ""), "pending");
    EXPECT_EQ(items[0].value("attempts", 0), 1);

    auto still = account.ok({"outbox", "acct", "--flush"});
    EXPECT_EQ(still.value("sent", 9), 0);
    EXPECT_EQ(still.value("still_queued", 0), 1);

    account.amend([&](model::AccountConfig& a) { a.smtp->port = server.smtpPort(); });
    // The next mail check sends what waits.
    account.ok({"sync", "acct"});
    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty());
    auto again = account.ok({"outbox", "acct", "--flush"});
    EXPECT_EQ(again.value("sent", 9), 0);

    auto bobImap = imapLogin(bob);
    EXPECT_EQ(findMessage(*bobImap, "INBOX", r.value("message_id", "")).size(), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(findMessage(*bobImap, "INBOX", r.value("message_id", ""), std::chrono::milliseconds(0)).size(),
              1u)
        << "sent exactly once";
    auto aliceImap = imapLogin(alice);
    EXPECT_EQ(findMessage(*aliceImap, "Sent", r.value("message_id", ""), std::chrono::milliseconds(0)).size(),
              1u);
}

// A fake submission server with a self-signed certificate: Petrel must end the connection in
// the TLS handshake, before any AUTH, for STARTTLS (587) and implicit TLS (465) alike.
TEST(SendMessage, UntrustedCertificateIsRefusedBeforeAuth) {
    TestCertificates certs;
    const auto identity = certs.selfSigned();
    ScriptedServer starttls([&](ScriptedConnection& c) {
        c.sendLine("220 fake.example ESMTP");
        c.expect("EHLO");
        c.send("250-fake.example\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
        c.expect("STARTTLS");
        c.sendLine("220 go ahead");
        c.startTls(identity);
        c.sendLine("220 fake.example ESMTP");
        for (;;) c.sendLine("250 " + c.readLine());
    });
    ScriptedServer implicit(
        [&](ScriptedConnection& c) {
            c.sendLine("220 fake.example ESMTP");
            for (;;) c.sendLine("250 " + c.readLine());
        },
        identity);
    const TestUser alice = MailServer::instance().createUser("empty");
    for (auto [server, security] :
         {std::pair{&starttls, model::Security::StartTls}, std::pair{&implicit, model::Security::Tls}}) {
        SendingAccount account(alice, "send-untrusted");
        account.amend([&, srv = server, sec = security](model::AccountConfig& a) {
            a.smtp->port = srv->port();
            a.smtp->security = sec;
            a.smtp->trustFingerprint.clear();
        });
        auto r = account.run({"send", "acct", "--to", "someone@example.org", "--subject", "secret",
                              "--body-file", account.file("b.txt", "do not leak\n")});
        EXPECT_EQ(r.code, 3) << r.out.dump(2);
        EXPECT_NE(r.out["error"].value("message", "").find(identity.leafSha256), std::string::npos)
            << "the fingerprint to pin is shown";
        server->waitIdle();
        EXPECT_EQ(server->received().find("AUTH"), std::string::npos) << server->received();
        EXPECT_FALSE(
            containsSecret(server->received() + server->receivedInClear(), alice.name, alice.password));
        EXPECT_EQ(server->received().find("do not leak"), std::string::npos);
    }
}

}  // namespace
