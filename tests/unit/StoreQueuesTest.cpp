#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/OpQueue.h"
#include "store/Outbox.h"
#include "store/Pop3Ledger.h"
#include "store/Txn.h"

namespace fs = std::filesystem;
using namespace petrel;
using model::Error;
using model::ErrorKind;

namespace {

class StoreQueues : public ::testing::Test {
protected:
    StoreQueues() : db(":memory:") {
        store::AccountRepository accounts(db);
        model::AccountConfig a;
        a.name = "one";
        account = accounts.add(a);
        a.name = "two";
        otherAccount = accounts.add(a);
    }

    std::int64_t storeLocalMessage(std::uint32_t uid) {
        store::FolderRepository folders(db);
        model::FolderInfo f;
        f.accountId = account;
        f.path = "INBOX";
        f.local = true;
        const auto folder = folders.upsert(f);
        store::MessageIndex index(db);
        model::MessageSummary m;
        m.folderId = folder;
        m.uid = uid;
        index.upsertBatch({m});
        return index.find(folder, uid)->id;
    }

    store::Db db;
    std::int64_t account = 0;
    std::int64_t otherAccount = 0;
};

template <typename F>
ErrorKind kindOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    return static_cast<ErrorKind>(-1);
}

}  // namespace

TEST_F(StoreQueues, Pop3LedgerTracksSeenDownloadedAndDeleted) {
    store::Pop3Ledger ledger(db);
    const std::int64_t day = 86400;
    const std::int64_t t0 = 1'700'000'000;
    EXPECT_FALSE(ledger.known(account, "u1"));
    EXPECT_TRUE(ledger.recordSeen(account, "u1", 1000, t0));
    EXPECT_TRUE(ledger.recordSeen(account, "u2", 2000, t0 + 1));
    EXPECT_TRUE(ledger.recordSeen(account, "u3", 3000, t0 + 2));
    EXPECT_FALSE(ledger.recordSeen(account, "u1", 1000, t0 + 5));  // seen again: not new
    EXPECT_TRUE(ledger.known(account, "u1"));
    EXPECT_FALSE(ledger.known(otherAccount, "u1"));
    EXPECT_EQ(ledger.find(account, "u1")->firstSeen, t0);

    auto pending = ledger.notDownloaded(account);
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0].uidl, "u1");
    EXPECT_EQ(pending[2].size, 3000u);

    const auto local = storeLocalMessage(1);
    {
        // Stored and recorded in one transaction, so a crash never downloads twice or loses one.
        store::Txn txn(db);
        ledger.markDownloaded(account, "u1", local, t0 + 10);
        txn.commit();
    }
    ledger.markDownloaded(account, "u2", std::nullopt, t0 + 5 * day);
    pending = ledger.notDownloaded(account);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].uidl, "u3");

    auto entry = ledger.find(account, "u1");
    EXPECT_EQ(entry->downloadedAt, t0 + 10);
    EXPECT_EQ(entry->localMessageId, local);
    EXPECT_EQ(ledger.findByMessage(local)->uidl, "u1");

    // Leave on server for 3 days: at t0 + 4 days only u1 is due.
    auto due = ledger.downloadedOlderThan(account, 3, t0 + 4 * day);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].uidl, "u1");
    EXPECT_EQ(ledger.downloadedOlderThan(account, 3, t0 + 9 * day).size(), 2u);

    ledger.markDeletedOnServer(account, "u1", t0 + 4 * day);
    EXPECT_EQ(ledger.find(account, "u1")->deletedOnServerAt, t0 + 4 * day);
    due = ledger.downloadedOlderThan(account, 3, t0 + 9 * day);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].uidl, "u2");

    // Deleting the local copy keeps the ledger entry (so it is not downloaded again).
    db.exec("DELETE FROM messages");
    entry = ledger.find(account, "u1");
    ASSERT_TRUE(entry);
    EXPECT_FALSE(entry->localMessageId);
    EXPECT_TRUE(entry->downloadedAt);
}

TEST_F(StoreQueues, Pop3LedgerMarksMessagesGoneFromTheServer) {
    store::Pop3Ledger ledger(db);
    for (const char* u : {"a", "b", "c"}) ledger.recordSeen(account, u, 1, 100);
    ledger.recordSeen(otherAccount, "a", 1, 100);
    EXPECT_EQ(ledger.markMissingAsDeleted(account, {"b"}, 200), 2u);
    EXPECT_EQ(ledger.find(account, "a")->deletedOnServerAt, 200);
    EXPECT_FALSE(ledger.find(account, "b")->deletedOnServerAt);
    EXPECT_FALSE(ledger.find(otherAccount, "a")->deletedOnServerAt);
    auto pending = ledger.notDownloaded(account);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].uidl, "b");
    EXPECT_EQ(ledger.markMissingAsDeleted(account, {"b"}, 300), 0u);  // already marked
}

TEST_F(StoreQueues, OpQueueKeepsOrderAndTracksAttempts) {
    store::OpQueue queue(db);
    const auto first = queue.enqueue(account, "flags", R"({"uids":[1,2],"add":["\\Seen"]})", 10);
    const auto second = queue.enqueue(account, "move", R"({"uid":3,"to":"Archive"})", 11);
    const auto third = queue.enqueue(account, "delete", R"({"uid":4})", 12);
    queue.enqueue(otherAccount, "flags", "{}", 13);
    EXPECT_EQ(kindOf([&] { queue.enqueue(account, "flags", "{not json", 14); }), ErrorKind::Usage);
    EXPECT_EQ(kindOf([&] { queue.enqueue(account, "", "{}", 14); }), ErrorKind::Usage);

    auto pending = queue.pending(account);
    ASSERT_EQ(pending.size(), 3u);
    EXPECT_EQ(pending[0].id, first);
    EXPECT_EQ(pending[0].kind, "flags");
    EXPECT_EQ(pending[0].payload, R"({"uids":[1,2],"add":["\\Seen"]})");
    EXPECT_EQ(pending[0].createdAt, 10);
    EXPECT_EQ(pending[0].state, store::OpState::Pending);
    EXPECT_EQ(pending[1].id, second);
    EXPECT_EQ(queue.pendingCount(account), 3u);

    queue.markDone(first);
    queue.recordFailure(second, "connection dropped");
    queue.recordFailure(second, "timed out");
    queue.markFailed(third, "folder does not exist");
    pending = queue.pending(account);
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].id, second);
    EXPECT_EQ(pending[0].attempts, 2u);
    EXPECT_EQ(pending[0].lastError, "timed out");
    auto failed = queue.find(third);
    EXPECT_EQ(failed->state, store::OpState::Failed);
    EXPECT_EQ(failed->attempts, 1u);
    EXPECT_EQ(failed->lastError, "folder does not exist");
    EXPECT_EQ(queue.find(first)->state, store::OpState::Done);

    queue.retry(third);
    pending = queue.pending(account);
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[1].id, third);

    EXPECT_EQ(queue.list(account).size(), 3u);
    EXPECT_EQ(queue.removeDone(account), 1u);
    queue.remove(second);
    EXPECT_EQ(queue.list(account).size(), 1u);
    EXPECT_EQ(kindOf([&] { queue.remove(second); }), ErrorKind::NotFound);
    EXPECT_EQ(kindOf([&] { queue.markDone(9999); }), ErrorKind::NotFound);
    EXPECT_EQ(queue.pending(otherAccount).size(), 1u);
    EXPECT_EQ(store::toString(store::OpState::Failed), "failed");
}

TEST_F(StoreQueues, OutboxQueuesBlobsAndFilesAndTracksSending) {
    store::Outbox outbox(db);
    const std::string raw = std::string("From: a@example.com\r\nTo: b@example.com\r\n\r\nhi\0there\r\n", 52);
    const auto blobId = outbox.enqueue(account, raw, "a@example.com", {"b@example.com", "hidden@example.com"}, 5);

    std::string tmpl = (fs::temp_directory_path() / "petrel-outbox-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(tmpl.data()));
    const std::string path = tmpl + "/big.eml";
    std::ofstream(path, std::ios::binary) << "From: a@example.com\r\n\r\nbig body\r\n";
    const auto fileId = outbox.enqueueFile(account, path, "a@example.com", {"c@example.com"}, 6);
    EXPECT_EQ(kindOf([&] { outbox.enqueue(account, raw, "a@example.com", {}); }), ErrorKind::Usage);
    EXPECT_EQ(kindOf([&] { outbox.enqueue(account, raw, "a@example.com", {"x@y\r\nRCPT TO:<evil@z>"}); }),
              ErrorKind::Usage);

    auto pending = outbox.pending(account);
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].id, blobId);
    EXPECT_EQ(pending[0].recipients, (std::vector<std::string>{"b@example.com", "hidden@example.com"}));
    EXPECT_EQ(pending[0].envelopeFrom, "a@example.com");
    EXPECT_EQ(pending[0].size, raw.size());
    EXPECT_TRUE(pending[0].rawPath.empty());
    EXPECT_EQ(pending[0].createdAt, 5);
    EXPECT_EQ(pending[1].rawPath, path);
    EXPECT_EQ(outbox.rawMessage(blobId), raw);
    EXPECT_EQ(outbox.rawMessage(fileId), "From: a@example.com\r\n\r\nbig body\r\n");
    // head(): the start only, from a blob (with its NUL byte) and from a file; longer than the message = all of it.
    EXPECT_EQ(outbox.head(blobId, 21), "From: a@example.com\r\n");
    EXPECT_EQ(outbox.head(blobId, 1000), raw);
    EXPECT_EQ(outbox.head(fileId, 6), "From: ");
    EXPECT_EQ(outbox.head(fileId, 1000), "From: a@example.com\r\n\r\nbig body\r\n");

    outbox.markSending(blobId);
    EXPECT_EQ(outbox.pending(account).size(), 1u);
    ASSERT_EQ(outbox.interrupted(account).size(), 1u);  // as seen by the next start-up
    outbox.markSent(blobId);
    EXPECT_TRUE(outbox.interrupted(account).empty());
    EXPECT_EQ(outbox.find(blobId)->state, store::OutboxState::Sent);

    outbox.markSending(fileId);
    outbox.recordFailure(fileId, "421 try later");
    auto item = outbox.find(fileId);
    EXPECT_EQ(item->state, store::OutboxState::Pending);
    EXPECT_EQ(item->attempts, 1u);
    EXPECT_EQ(item->lastError, "421 try later");
    outbox.markFailed(fileId, "550 no such user");
    item = outbox.find(fileId);
    EXPECT_EQ(item->state, store::OutboxState::Failed);
    EXPECT_EQ(item->attempts, 2u);
    outbox.retry(fileId);
    EXPECT_EQ(outbox.pending(account).size(), 1u);

    fs::remove_all(tmpl);
    EXPECT_EQ(kindOf([&] { outbox.rawMessage(fileId); }), ErrorKind::Storage);
    outbox.remove(fileId);
    EXPECT_EQ(kindOf([&] { outbox.rawMessage(fileId); }), ErrorKind::NotFound);
    EXPECT_EQ(outbox.list(account).size(), 1u);
    EXPECT_TRUE(outbox.list(otherAccount).empty());
}

TEST_F(StoreQueues, ByteCountersAccumulatePerOperation) {
    store::ByteCounters counters(db);
    counters.add(account, "sync", 100, 5000);
    counters.add(account, "sync", 50, 2500);
    counters.add(account, "fetch-part", 10, 1'000'000);
    counters.add(account, "send", 6'000'000'000ULL, 20);
    counters.add(otherAccount, "sync", 1, 1);
    auto per = counters.forAccount(account);
    ASSERT_EQ(per.size(), 3u);
    EXPECT_EQ(per[0].operation, "fetch-part");
    EXPECT_EQ(per[1].operation, "send");
    EXPECT_EQ(per[1].sent, 6'000'000'000ULL);
    EXPECT_EQ(per[2].operation, "sync");
    EXPECT_EQ(per[2].sent, 150u);
    EXPECT_EQ(per[2].received, 7500u);
    auto total = counters.total(account);
    EXPECT_EQ(total.sent, 6'000'000'160ULL);
    EXPECT_EQ(total.received, 1'007'520u);
    EXPECT_TRUE(total.operation.empty());
    counters.reset(account);
    EXPECT_TRUE(counters.forAccount(account).empty());
    EXPECT_EQ(counters.total(account).received, 0u);
    EXPECT_EQ(counters.total(otherAccount).sent, 1u);
}
