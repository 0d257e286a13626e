// Issue 6: drafts stored on the IMAP server (Drafts, \Draft \Seen), listed, reopened with
// everything the compose window edits, and replaced; POP3 accounts keep them locally.
#include <gtest/gtest.h>

#include "SendTestSupport.h"
#include "mime/MessageParser.h"

using namespace petrel;
using namespace petrel::testing;
using namespace petrel::testing::send;

namespace {

TEST(DraftStore, SavedListedReopenedReplacedAndSent) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "draft-imap", "Alice");
    const std::string bytes = randomBytes(20 * 1024, 11);
    const std::string body =
        "First paragraph of a draft that is long enough to be wrapped by format=flowed when it is stored.\n"
        "> quoted line\n\n-- \nAlice\n";
    auto saved = account.ok({"draft", "save", "acct", "--to", "Bob <" + bob.address + ">", "--bcc",
                             "hidden@example.org", "--subject", "Entwurf für Bob", "--body-file",
                             account.file("d.txt", body), "--attach", account.file("notes.bin", bytes)});
    const std::string folder = saved.value("folder", "");
    const auto uid = saved.value("uid", 0u);
    ASSERT_FALSE(folder.empty());
    ASSERT_NE(uid, 0u);

    auto imap = imapLogin(alice);
    imap->imapOk("EXAMINE \"" + folder + "\"");
    const std::string flags = fetchFlags(*imap, uid);
    EXPECT_NE(flags.find("\\Draft"), std::string::npos) << flags;
    EXPECT_NE(flags.find("\\Seen"), std::string::npos) << flags;

    auto list = account.ok({"draft", "list", "acct"});
    ASSERT_EQ(list["drafts"].size(), 1u) << list.dump(2);
    EXPECT_EQ(list["drafts"][0].value("subject", ""), "Entwurf für Bob");

    auto shown = account.ok({"draft", "show", "acct", "--uid", std::to_string(uid)});
    ASSERT_EQ(shown["to"].size(), 1u);
    EXPECT_EQ(shown["to"][0], "Bob <" + bob.address + ">");
    ASSERT_EQ(shown["bcc"].size(), 1u);
    EXPECT_EQ(shown["bcc"][0], "hidden@example.org");
    EXPECT_EQ(shown.value("subject", ""), "Entwurf für Bob");
    EXPECT_EQ(shown.value("body", ""), body) << "format=flowed undone";
    ASSERT_EQ(shown["attachments"].size(), 1u);
    EXPECT_EQ(shown["attachments"][0].value("name", ""), "notes.bin");
    EXPECT_EQ(shown["attachments"][0].value("size", 0u), bytes.size());

    auto replaced =
        account.ok({"draft", "save", "acct", "--to", bob.address, "--subject", "Entwurf 2", "--body-file",
                    account.file("d2.txt", "shorter\n"), "--replace", std::to_string(uid)});
    const auto uid2 = replaced.value("uid", 0u);
    EXPECT_NE(uid2, uid);
    imap->imapOk("EXAMINE \"" + folder + "\"");
    EXPECT_EQ(searchUids(*imap, "ALL"), std::vector<std::uint32_t>{uid2}) << "the old draft is gone";

    auto sent = account.ok({"draft", "send", "acct", "--uid", std::to_string(uid2)});
    EXPECT_EQ(sent.value("outcome", ""), "sent");
    imap->imapOk("EXAMINE \"" + folder + "\"");
    EXPECT_TRUE(searchUids(*imap, "ALL").empty()) << "a sent draft leaves Drafts";
    auto bobImap = imapLogin(bob);
    EXPECT_EQ(findMessage(*bobImap, "INBOX", sent.value("message_id", "")).size(), 1u);
}

TEST(DraftStore, Pop3AccountKeepsDraftsAndSentCopiesLocally) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    CliProfile cli("draft-pop3");
    auto r = cli.run({"account",
                      "add",
                      "acct",
                      "--pop3",
                      "--host",
                      server.host(),
                      "--port",
                      std::to_string(server.pop3sPort()),
                      "--security",
                      "tls",
                      "--user",
                      alice.name,
                      "--password-command",
                      cli.passwordCommand("acct", alice.password),
                      "--trust-fingerprint",
                      server.certSha256(),
                      "--from",
                      "Alice <" + alice.address + ">",
                      "--smtp-host",
                      server.host(),
                      "--smtp-port",
                      std::to_string(server.smtpPort()),
                      "--smtp-security",
                      "starttls",
                      "--smtp-trust-fingerprint",
                      server.certSha256(),
                      "--offline"});
    ASSERT_EQ(r.code, 0) << r.err << r.out.dump();
    const auto body = writeFile(cli.dir() / "b.txt", "local draft\n");
    auto saved =
        cli.ok({"draft", "save", "acct", "--to", bob.address, "--subject", "pop draft", "--body-file", body});
    EXPECT_EQ(saved.value("folder", ""), "Drafts");
    auto shown = cli.ok({"draft", "show", "acct", "--uid", std::to_string(saved.value("uid", 0u))});
    EXPECT_EQ(shown.value("body", ""), "local draft\n");

    auto sent = cli.ok({"send", "acct", "--to", bob.address, "--subject", "from pop", "--body-file", body});
    EXPECT_EQ(sent.value("outcome", ""), "sent");
    EXPECT_EQ(sent.value("sent_folder", ""), "Sent");
    auto list = cli.ok({"list", "acct", "--folder", "Sent"});
    EXPECT_NE(list.dump().find("from pop"), std::string::npos) << list.dump(2);
    auto bobImap = imapLogin(bob);
    EXPECT_EQ(findMessage(*bobImap, "INBOX", sent.value("message_id", "")).size(), 1u);
}

}  // namespace
