// The account's signature below the text of what petrel-cli sends, as the recipient reads it
// from Dovecot: after the RFC 3676 "-- " line (which format=flowed must not fold away), once, and
// not at all with --no-signature.
#include "SendTestSupport.h"

#include "mime/MessageParser.h"

using namespace petrel::testing;
using namespace petrel::testing::send;
using namespace petrel;

namespace {

std::string lfOnly(std::string s) {
    std::string out;
    for (char c : s)
        if (c != '\r') out += c;
    return out;
}

std::string receivedText(const TestUser& to, const std::string& messageId) {
    auto imap = imapLogin(to);
    auto uids = findMessage(*imap, "INBOX", messageId);
    if (uids.size() != 1) return "<" + std::to_string(uids.size()) + " messages with " + messageId + ">";
    return lfOnly(mime::parseMessage(fetchRaw(*imap, uids.front()), 1 << 20).text);
}

}  // namespace

TEST(SendSignature, SignatureFollowsTheTextAndNoSignatureLeavesItOut) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "send-signature", "Alice");
    account.amend([](model::AccountConfig& a) { a.signature = "Älice Example\nExample Ltd., Köln"; });
    const std::string body = account.file("body.txt", "Hello Bob,\nthe figures are attached.\n");

    auto signedMail = account.ok({"send", "acct", "--to", bob.address, "--subject", "signed", "--body-file", body});
    ASSERT_EQ(signedMail.value("outcome", ""), "sent") << signedMail.dump(2);
    const std::string text = receivedText(bob, signedMail.value("message_id", ""));
    EXPECT_EQ(text.find("Hello Bob,\nthe figures are attached.\n\n-- \nÄlice Example\nExample Ltd., Köln"), 0u)
        << text;
    EXPECT_EQ(text.find("-- \n"), text.rfind("-- \n")) << "one signature: " << text;

    auto plain = account.ok(
        {"send", "acct", "--to", bob.address, "--subject", "unsigned", "--body-file", body, "--no-signature"});
    const std::string unsignedText = receivedText(bob, plain.value("message_id", ""));
    EXPECT_EQ(unsignedText.find("Hello Bob,"), 0u) << unsignedText;
    EXPECT_EQ(unsignedText.find("Example Ltd."), std::string::npos) << unsignedText;
    EXPECT_EQ(unsignedText.find("-- \n"), std::string::npos) << unsignedText;

    // The account's JSON view shows the signature (never a password).
    const auto accounts = account.ok({"account", "list"});
    EXPECT_EQ(accounts["accounts"][0].value("signature", ""), "Älice Example\nExample Ltd., Köln") << accounts.dump();
}
