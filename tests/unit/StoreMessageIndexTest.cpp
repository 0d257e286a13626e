#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/SortText.h"
#include "store/Txn.h"

namespace fs = std::filesystem;
using namespace petrel;
using model::Error;
using model::ErrorKind;
using store::PageQuery;
using store::SortKey;

namespace {

std::int64_t makeFolder(store::Db& db, const std::string& account, const std::string& path) {
    store::AccountRepository accounts(db);
    auto existing = accounts.findByName(account);
    std::int64_t accountId = 0;
    if (existing) {
        accountId = existing->id;
    } else {
        model::AccountConfig a;
        a.name = account;
        accountId = accounts.add(a);
    }
    model::FolderInfo f;
    f.accountId = accountId;
    f.path = path;
    return store::FolderRepository(db).upsert(f);
}

model::MessageSummary message(std::int64_t folderId, std::uint32_t uid) {
    model::MessageSummary m;
    m.folderId = folderId;
    m.uid = uid;
    m.subject = "Subject " + std::to_string(uid);
    m.from = "Sender <s@example.com>";
    return m;
}

// A folder with many ties in every sort key, and an in-memory model of what each list order
// must return.
class StoreMessageIndexPaging : public ::testing::Test {
protected:
    StoreMessageIndexPaging() : db(":memory:"), index(db) {
        folderId = makeFolder(db, "acct", "INBOX");
        otherFolder = makeFolder(db, "acct", "Other");
        std::mt19937 rng(7);
        const std::vector<std::string> senders = {"Zoë <z@x>", "adam <a@x>", "\"Bob\" <b@x>", "carl@x", "Åsa <aa@x>",
                                                  "adam <a2@x>", ""};
        const std::vector<std::string> subjects = {"Re: hello", "hello", "Fwd: Budget", "budget", "", "[list] news",
                                                   "AW: Zebra", "apple", "RE: re: apple"};
        std::vector<model::MessageSummary> batch;
        for (std::uint32_t uid = 1; uid <= 1500; ++uid) {
            model::MessageSummary m;
            m.folderId = folderId;
            m.uid = uid * 3;  // gaps, as after expunges
            m.flags = rng() % 3 == 0 ? 0u : static_cast<model::Flags>(model::FlagSeen);
            m.size = 1000 + (rng() % 10) * 100;
            m.internalDate = 1700000000 + (rng() % 40) * 3600;
            m.date = rng() % 10 == 0 ? 0 : 1700000000 + (rng() % 25) * 3600;
            m.from = senders[rng() % senders.size()];
            m.subject = subjects[rng() % subjects.size()];
            batch.push_back(m);
            if (batch.size() == 400) {
                index.upsertBatch(batch);
                batch.clear();
            }
        }
        index.upsertBatch(batch);
        // Noise in another folder must never show up.
        index.upsertBatch({message(otherFolder, 1), message(otherFolder, 2)});
    }

    std::vector<std::int64_t> expected(const PageQuery& q) {
        struct Row {
            std::int64_t num;
            std::string text;
            std::int64_t id;
        };
        std::vector<Row> rows;
        // Ground truth straight from the table, sorted here.
        auto st = db.prepare("SELECT id, date, internal_date, from_addr, subject, size, flags FROM messages "
                             "WHERE folder_id = ?1");
        st.bind(1, q.folderId);
        while (st.step()) {
            if (q.unreadOnly && (st.getInt64(6) & model::FlagSeen)) continue;
            Row r;
            r.id = st.getInt64(0);
            switch (q.sort) {
            case SortKey::Date: r.num = st.getInt64(1) ? st.getInt64(1) : st.getInt64(2); break;
            case SortKey::Size: r.num = st.getInt64(5); break;
            case SortKey::From: r.num = 0, r.text = store::sorttext::fromKey(st.getText(3)); break;
            case SortKey::Subject: r.num = 0, r.text = store::sorttext::subjectKey(st.getText(4)); break;
            }
            rows.push_back(r);
        }
        std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
            auto ka = std::tie(a.num, a.text, a.id);
            auto kb = std::tie(b.num, b.text, b.id);
            return q.descending ? kb < ka : ka < kb;
        });
        std::vector<std::int64_t> ids;
        for (const auto& r : rows) ids.push_back(r.id);
        return ids;
    }

    static std::vector<std::int64_t> ids(const std::vector<model::MessageSummary>& page) {
        std::vector<std::int64_t> out;
        for (const auto& m : page) out.push_back(m.id);
        return out;
    }

    static std::vector<PageQuery> allOrders(std::int64_t folder) {
        std::vector<PageQuery> out;
        for (SortKey key : {SortKey::Date, SortKey::From, SortKey::Subject, SortKey::Size})
            for (bool desc : {false, true})
                for (bool unread : {false, true}) {
                    PageQuery q;
                    q.folderId = folder;
                    q.sort = key;
                    q.descending = desc;
                    q.unreadOnly = unread;
                    out.push_back(q);
                }
        return out;
    }

    void checkAllPages(PageQuery q, std::uint32_t pageSize) {
        const auto want = expected(q);
        ASSERT_EQ(index.count(q), want.size());
        q.limit = pageSize;
        std::vector<std::int64_t> got;
        for (q.offset = 0; q.offset < want.size(); q.offset += pageSize) {
            auto page = ids(index.page(q));
            got.insert(got.end(), page.begin(), page.end());
        }
        EXPECT_EQ(got, want) << "sort " << static_cast<int>(q.sort) << " desc " << q.descending << " unread "
                             << q.unreadOnly;
    }

    store::Db db;
    store::MessageIndex index;
    std::int64_t folderId = 0;
    std::int64_t otherFolder = 0;
};

}  // namespace

TEST_F(StoreMessageIndexPaging, EveryOrderPagesThroughTheWholeListInOrder) {
    for (const auto& q : allOrders(folderId)) checkAllPages(q, 37);
}

TEST_F(StoreMessageIndexPaging, RandomJumpsMatchTheModel) {
    std::mt19937 rng(11);
    for (auto q : allOrders(folderId)) {
        const auto want = expected(q);
        for (int i = 0; i < 40; ++i) {
            q.offset = static_cast<std::uint32_t>(rng() % (want.size() + 20));
            q.limit = 1 + static_cast<std::uint32_t>(rng() % 60);
            std::vector<std::int64_t> slice;
            for (std::size_t k = q.offset; k < want.size() && k < q.offset + q.limit; ++k) slice.push_back(want[k]);
            ASSERT_EQ(ids(index.page(q)), slice) << "offset " << q.offset << " limit " << q.limit;
        }
    }
}

TEST_F(StoreMessageIndexPaging, PagesStayRightAfterEveryKindOfChange) {
    PageQuery q;
    q.folderId = folderId;
    q.sort = SortKey::Subject;
    q.limit = 25;
    q.offset = 700;
    index.page(q);  // leave anchors behind
    q.unreadOnly = true;
    index.page(q);

    // Each change moves rows around the remembered positions.
    model::MessageSummary early;
    early.folderId = folderId;
    early.uid = 1;
    early.subject = "aaa first";
    early.date = 1;
    index.upsertBatch({early});
    for (const auto& order : allOrders(folderId)) checkAllPages(order, 50);

    auto uids = index.uids(folderId);
    index.removeUids(folderId, {uids[3], uids[500], uids[900]});
    for (const auto& order : allOrders(folderId)) checkAllPages(order, 50);

    index.setFlags(folderId, uids[10], 0);
    index.setFlags(folderId, uids[11], model::FlagSeen);
    for (const auto& order : allOrders(folderId)) checkAllPages(order, 50);
}

TEST_F(StoreMessageIndexPaging, ReadsInsideARolledBackTransactionDoNotPoisonLaterReads) {
    PageQuery q;
    q.folderId = folderId;
    q.sort = SortKey::Date;
    q.limit = 30;
    {
        store::Txn txn(db);
        model::MessageSummary m;
        m.folderId = folderId;
        m.uid = 1;
        m.date = 5;
        index.upsertBatch({m});
        for (q.offset = 0; q.offset < 1500; q.offset += 30) index.page(q);
        // rolled back here
    }
    checkAllPages(q, 30);
}

TEST_F(StoreMessageIndexPaging, OffsetPastTheEndAndZeroLimitAreEmpty) {
    PageQuery q;
    q.folderId = folderId;
    q.offset = 1500;
    EXPECT_TRUE(index.page(q).empty());
    q.offset = 0;
    q.limit = 0;
    EXPECT_TRUE(index.page(q).empty());
    q.folderId = 12345;
    q.limit = 10;
    EXPECT_TRUE(index.page(q).empty());
    EXPECT_EQ(index.count(q), 0u);
}

TEST_F(StoreMessageIndexPaging, CountsFollowEveryWriteAndAgreeWithRecount) {
    auto check = [&] {
        PageQuery all;
        all.folderId = folderId;
        PageQuery unread = all;
        unread.unreadOnly = true;
        const auto total = index.count(all);
        const auto unreadCount = index.count(unread);
        EXPECT_EQ(total, expected(all).size());
        EXPECT_EQ(unreadCount, expected(unread).size());
        store::FolderRepository(db).recount(folderId);
        EXPECT_EQ(index.count(all), total);
        EXPECT_EQ(index.count(unread), unreadCount);
    };
    check();
    auto uids = index.uids(folderId);
    // Resync through upsertBatch: same messages, every flag inverted, plus one new.
    std::vector<model::MessageSummary> resync;
    for (std::size_t i = 0; i < 100; ++i) {
        auto m = *index.find(folderId, uids[i]);
        m.flags ^= model::FlagSeen;
        resync.push_back(m);
    }
    resync.push_back(message(folderId, 100000));
    index.upsertBatch(resync);
    check();
    index.setFlagsBatch(folderId, {{uids[200], 0}, {uids[201], model::FlagSeen}, {999999, 0}});
    check();
    index.setFlags(folderId, uids[300], model::FlagSeen | model::FlagFlagged);
    check();
    index.removeUids(folderId, {uids[0], uids[1], 424242});
    check();
    index.clearFolder(folderId);
    check();
    PageQuery all;
    all.folderId = folderId;
    EXPECT_EQ(index.count(all), 0u);
}

TEST_F(StoreMessageIndexPaging, PositionOfFindsTheRowInEveryOrder) {
    std::mt19937 rng(3);
    for (auto q : allOrders(folderId)) {
        const auto want = expected(q);
        for (int i = 0; i < 5; ++i) {
            const std::size_t pos = rng() % want.size();
            auto got = index.positionOf(q, want[pos]);
            ASSERT_TRUE(got);
            EXPECT_EQ(*got, pos);
        }
    }
    PageQuery q;
    q.folderId = otherFolder;
    EXPECT_FALSE(index.positionOf(q, expected(allOrders(folderId)[0]).front()));
}

TEST(StoreMessageIndex, PagesFromAnotherConnectionSeeItsWrites) {
    std::string tmpl = (fs::temp_directory_path() / "petrel-store-test-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(tmpl.data()));
    const std::string path = tmpl + "/index.db";
    {
        store::Db writerDb(path);
        const auto folder = makeFolder(writerDb, "a", "INBOX");
        store::MessageIndex writer(writerDb);
        std::vector<model::MessageSummary> batch;
        for (std::uint32_t uid = 1; uid <= 2000; ++uid) {
            auto m = message(folder, uid);
            m.date = uid;
            batch.push_back(m);
        }
        writer.upsertBatch(batch);

        store::Db readerDb(path, store::OpenMode::ReadOnly);
        store::MessageIndex reader(readerDb);
        PageQuery q;
        q.folderId = folder;
        q.sort = SortKey::Date;
        q.descending = false;
        q.limit = 10;
        q.offset = 1500;
        ASSERT_EQ(reader.page(q).front().uid, 1501u);
        // The writer adds older mail: every position shifts by one.
        auto old = message(folder, 5000);
        old.date = 0;
        old.internalDate = -1;
        writer.upsertBatch({old});
        auto page = reader.page(q);
        ASSERT_EQ(page.size(), 10u);
        EXPECT_EQ(page.front().uid, 1500u);
        EXPECT_EQ(reader.count(q), 2001u);
    }
    fs::remove_all(tmpl);
}

TEST(StoreMessageIndex, SummaryFieldsRoundTripAndUpsertMergesCacheState) {
    store::Db db(":memory:");
    const auto folder = makeFolder(db, "a", "INBOX");
    store::MessageIndex index(db);
    model::MessageSummary m;
    m.folderId = folder;
    m.uid = 42;
    m.flags = model::FlagSeen | model::FlagAnswered;
    m.keywords = "$Label1 work";
    m.size = 5'000'000'000ULL;
    m.internalDate = 1700000000;
    m.date = 1699999999;
    m.from = "Ann <ann@example.com>";
    m.to = "bob@example.com, carl@example.com";
    m.cc = "dora@example.com";
    m.subject = "Quarterly numbers";
    m.messageId = "<abc@example.com>";
    m.inReplyTo = "<prev@example.com>";
    m.references = "<root@example.com> <prev@example.com>";
    m.hasAttachment = true;
    m.bodyStructure = R"([{"section":"1"}])";
    m.cacheState = model::CachedHeaders | model::CachedText;
    index.upsertBatch({m});

    auto back = index.find(folder, 42);
    ASSERT_TRUE(back);
    EXPECT_GT(back->id, 0);
    EXPECT_EQ(back->folderId, folder);
    EXPECT_EQ(back->flags, m.flags);
    EXPECT_EQ(back->keywords, m.keywords);
    EXPECT_EQ(back->size, m.size);
    EXPECT_EQ(back->internalDate, m.internalDate);
    EXPECT_EQ(back->date, m.date);
    EXPECT_EQ(back->from, m.from);
    EXPECT_EQ(back->to, m.to);
    EXPECT_EQ(back->cc, m.cc);
    EXPECT_EQ(back->subject, m.subject);
    EXPECT_EQ(back->messageId, m.messageId);
    EXPECT_EQ(back->inReplyTo, m.inReplyTo);
    EXPECT_EQ(back->references, m.references);
    EXPECT_TRUE(back->hasAttachment);
    EXPECT_EQ(back->bodyStructure, m.bodyStructure);
    EXPECT_EQ(back->cacheState, m.cacheState);
    auto byId = index.findById(back->id);
    ASSERT_TRUE(byId);
    EXPECT_EQ(byId->uid, 42u);

    // A header resync says "headers only" and new flags: flags replaced, cache bits kept.
    m.flags = 0;
    m.cacheState = model::CachedHeaders;
    m.subject = "Quarterly numbers (corrected)";
    index.upsertBatch({m});
    back = index.find(folder, 42);
    EXPECT_EQ(back->id, byId->id);
    EXPECT_EQ(back->flags, 0u);
    EXPECT_EQ(back->cacheState, model::CachedHeaders | model::CachedText);
    EXPECT_EQ(back->subject, "Quarterly numbers (corrected)");
    EXPECT_FALSE(index.find(folder, 43));
    EXPECT_FALSE(index.findById(back->id + 100));
}

TEST(StoreMessageIndex, UidsMaxUidRemoveAndClear) {
    store::Db db(":memory:");
    const auto folder = makeFolder(db, "a", "INBOX");
    const auto other = makeFolder(db, "a", "Other");
    store::MessageIndex index(db);
    EXPECT_EQ(index.maxUid(folder), 0u);
    EXPECT_TRUE(index.uids(folder).empty());
    index.upsertBatch({message(folder, 30), message(folder, 4), message(folder, 1000), message(folder, 7),
                       message(other, 5000)});
    EXPECT_EQ(index.uids(folder), (std::vector<std::uint32_t>{4, 7, 30, 1000}));
    EXPECT_EQ(index.maxUid(folder), 1000u);
    index.removeUids(folder, {7, 1000, 12345});
    EXPECT_EQ(index.uids(folder), (std::vector<std::uint32_t>{4, 30}));
    EXPECT_EQ(index.maxUid(folder), 30u);
    index.clearFolder(folder);
    EXPECT_TRUE(index.uids(folder).empty());
    EXPECT_EQ(index.uids(other), (std::vector<std::uint32_t>{5000}));
}

TEST(StoreMessageIndex, SetFlagsUpdatesTheUnreadFilterAndRejectsUnknownMessages) {
    store::Db db(":memory:");
    const auto folder = makeFolder(db, "a", "INBOX");
    store::MessageIndex index(db);
    index.upsertBatch({message(folder, 1), message(folder, 2)});
    PageQuery unread;
    unread.folderId = folder;
    unread.unreadOnly = true;
    EXPECT_EQ(index.count(unread), 2u);
    index.setFlags(folder, 1, model::FlagSeen | model::FlagFlagged);
    EXPECT_EQ(index.find(folder, 1)->flags, model::FlagSeen | model::FlagFlagged);
    EXPECT_EQ(index.count(unread), 1u);
    auto page = index.page(unread);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].uid, 2u);
    try {
        index.setFlags(folder, 99, 0);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
}

TEST(StoreMessageIndex, UpsertIntoAMissingFolderFailsAndWritesNothing) {
    store::Db db(":memory:");
    const auto folder = makeFolder(db, "a", "INBOX");
    store::MessageIndex index(db);
    EXPECT_THROW(index.upsertBatch({message(folder, 1), message(folder + 100, 2)}), Error);
    EXPECT_TRUE(index.uids(folder).empty());
    PageQuery q;
    q.folderId = folder;
    EXPECT_EQ(index.count(q), 0u);
}
