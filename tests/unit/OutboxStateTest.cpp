// The outbox rows sending relies on: recipients kept for the envelope (Bcc included), states
// across retries, and nothing lost when an item is held.
#include <gtest/gtest.h>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Outbox.h"

using namespace petrel;

TEST(OutboxState, ItemsMoveThroughTheirStatesAndKeepTheirBytes) {
    store::Db db(":memory:");
    model::AccountConfig a;
    a.name = "work";
    const auto account = store::AccountRepository(db).add(a);
    store::Outbox outbox(db);
    const std::string raw = "Subject: x\r\n\r\nbody\r\n";
    const auto id =
        outbox.enqueue(account, raw, "me@example.com", {"to@example.org", "bcc@example.net"}, 100);
    EXPECT_EQ(outbox.pending(account).size(), 1u);
    outbox.markSending(id);
    EXPECT_TRUE(outbox.pending(account).empty());
    ASSERT_EQ(outbox.interrupted(account).size(), 1u) << "what a killed run leaves behind";
    outbox.markFailed(id, "interrupted while sending");
    auto item = outbox.find(id);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->state, store::OutboxState::Failed);
    EXPECT_EQ(item->attempts, 1u);
    EXPECT_EQ(item->recipients, (std::vector<std::string>{"to@example.org", "bcc@example.net"}));
    EXPECT_EQ(outbox.rawMessage(id), raw);
    outbox.retry(id);
    EXPECT_EQ(outbox.pending(account).size(), 1u);
    outbox.markSending(id);
    outbox.markSent(id);
    EXPECT_EQ(outbox.find(id)->state, store::OutboxState::Sent);
    outbox.remove(id);
    EXPECT_FALSE(outbox.find(id));
    EXPECT_THROW(outbox.enqueue(account, raw, "me@example.com", {}), model::Error);
}
