// Issue 6 item 3: an SMTP certificate the system does not trust becomes a question, like the
// incoming server's (engine::withUserDecisions, as the GUI runs it); "trust" pins
// smtp->trustFingerprint, not the incoming server's pin, and the message goes out.
#include <gtest/gtest.h>

#include <mutex>

#include "SendTestSupport.h"
#include "engine/Engine.h"
#include "engine/PostQueue.h"
#include "engine/SecretStore.h"
#include "engine/SendService.h"
#include "engine/UserDecisions.h"

using namespace petrel;
using namespace petrel::testing;
using namespace petrel::testing::send;

namespace {

// The account uses a password command: the keyring is never asked.
class NoSecrets : public engine::SecretStore {
public:
    void store(const std::string&, const std::string&, const std::string&) override {}
    std::optional<std::string> lookup(const std::string&, const std::string&) override {
        return std::nullopt;
    }
    bool remove(const std::string&, const std::string&) override { return false; }
    std::string displayName() const override { return "none"; }
};

struct Outcome {
    std::optional<model::Error> error;
    engine::SendResult result;
    std::vector<engine::UserQuestion> questions;
};

Outcome sendWithDecisions(const SendingAccount& account, const model::OutgoingMessage& message, bool trust) {
    const engine::Profile profile(account.cli().profileDir().string());
    model::AccountConfig config;
    {
        store::Db db(account.cli().databasePath());
        config = *store::AccountRepository(db).findByName("acct");
    }
    Outcome out;
    std::mutex mutex;
    engine::PostQueue posts;
    engine::Engine engine(profile, posts.poster(), [&](const engine::UserQuestion& q, auto reply) {
        {
            std::lock_guard lock(mutex);
            out.questions.push_back(q);
        }
        engine::UserAnswer a;
        a.accepted = trust && q.kind == engine::UserQuestion::Kind::TrustCertificate;
        a.remember = true;
        reply(a);
    });
    bool finished = false;
    NoSecrets secrets;
    engine::Job job;
    job.name = "send";
    job.run = [&](engine::JobContext& ctx) {
        engine::withUserDecisions(
            ctx, profile, config, secrets,
            [&](const model::AccountConfig& a, const std::optional<std::string>& password) {
                out.result = engine::sendMessage(ctx, profile, a, message, false, password);
            });
    };
    job.onFinished = [&](const std::optional<model::Error>& e) {
        out.error = e;
        finished = true;
    };
    engine.jobs().submit(config.id, engine::Lane::Interactive, std::move(job));
    EXPECT_TRUE(posts.runUntil([&] { return finished; }, std::chrono::seconds(60)));
    engine.shutdown();
    return out;
}

TEST(SendTrustQuestion, UntrustedSmtpCertificateIsAskedAndPinnedForSmtpOnly) {
    auto& server = MailServer::instance();
    const TestUser alice = server.createUser("empty");
    const TestUser bob = server.createUser("empty");
    SendingAccount account(alice, "send-trust");
    account.amend([](model::AccountConfig& a) { a.smtp->trustFingerprint.clear(); });
    model::OutgoingMessage m;
    m.to = {bob.address};
    m.subject = "trust question";
    m.body = "hello\n";

    auto declined = sendWithDecisions(account, m, false);
    ASSERT_TRUE(declined.error.has_value());
    EXPECT_EQ(declined.error->kind(), model::ErrorKind::Tls);
    ASSERT_EQ(declined.questions.size(), 1u);
    EXPECT_EQ(declined.questions[0].fingerprint, server.certSha256());
    EXPECT_NE(declined.questions[0].title.find(server.host()), std::string::npos);
    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty()) << "no stale copy left for the retry";

    auto trusted = sendWithDecisions(account, m, true);
    ASSERT_FALSE(trusted.error.has_value()) << trusted.error->what();
    EXPECT_EQ(trusted.questions.size(), 1u);
    EXPECT_EQ(trusted.result.outcome, engine::SendOutcome::Sent);
    {
        store::Db db(account.cli().databasePath());
        auto stored = store::AccountRepository(db).findByName("acct");
        ASSERT_TRUE(stored && stored->smtp);
        EXPECT_EQ(stored->smtp->trustFingerprint, server.certSha256()) << "remembered for SMTP";
        EXPECT_EQ(stored->incoming.trustFingerprint, server.certSha256()) << "the incoming pin is untouched";
    }
    auto bobImap = imapLogin(bob);
    EXPECT_EQ(findMessage(*bobImap, "INBOX", trusted.result.messageId).size(), 1u);
    EXPECT_TRUE(account.ok({"outbox", "acct"})["items"].empty());

    auto again = sendWithDecisions(account, m, false);
    EXPECT_FALSE(again.error.has_value());
    EXPECT_TRUE(again.questions.empty()) << "the pin holds: no second question";
}

}  // namespace
