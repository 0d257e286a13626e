// A fresh Dovecot account often lists INBOX unsubscribed. Check Mail must still sync INBOX:
// that is where new mail lands (found by the GUI's live compose test, whose empty recipient
// never saw its mail).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/CliProfile.h"
#include "support/MailServer.h"

using petrel::testing::CliProfile;
using petrel::testing::MailServer;

TEST(ImapUnsubscribedInbox, CheckMailSyncsInboxEvenWhenTheServerListsItUnsubscribed) {
    auto& s = MailServer::instance();
    const auto user = s.createUser("empty");
    CliProfile cli("unsubscribed-inbox");
    cli.addImapsAccount("acct", user);
    cli.ok({"sync", "acct"});
    // What a fresh account usually looks like, made certain (Dovecot's autocreate may subscribe it).
    cli.ok({"folder", "unsubscribe", "acct", "INBOX"});
    bool inboxSubscribed = true;
    const auto folders = cli.ok({"folders", "acct"});
    for (const auto& f : folders["folders"])
        if (f["path"] == "INBOX") inboxSubscribed = f["subscribed"].get<bool>();
    ASSERT_FALSE(inboxSubscribed) << "the premise: the server lists INBOX unsubscribed\n" << folders.dump();

    // Delivered the way an MTA does it: a file in INBOX's new/.
    {
        std::ofstream mail(s.maildir(user) + "/new/1700000000.unsubscribed-inbox.test", std::ios::binary);
        mail << "From: Sender <sender@example.org>\r\nTo: <" << user.address
             << ">\r\nSubject: lands in an unsubscribed INBOX\r\nMessage-ID: <unsub-inbox@example.org>\r\n\r\nHello.\r\n";
    }
    cli.ok({"sync", "acct"});
    const auto list = cli.ok({"list", "acct", "--folder", "INBOX"});
    ASSERT_EQ(list["messages"].size(), 1u) << list.dump();
    EXPECT_EQ(list["messages"][0]["subject"], "lands in an unsubscribed INBOX");
}
