#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/SortText.h"

using namespace petrel;
using store::kAllInboxesFolderId;
using store::PageQuery;
using store::SortKey;

namespace {

std::int64_t addAccount(store::Db& db, const std::string& name) {
    model::AccountConfig a;
    a.name = name;
    return store::AccountRepository(db).add(a);
}

std::int64_t addFolder(store::Db& db, std::int64_t accountId, const std::string& path, bool local = false) {
    model::FolderInfo f;
    f.accountId = accountId;
    f.path = path;
    f.local = local;
    if (path == "INBOX") f.specialUse = model::SpecialUse::Inbox;
    return store::FolderRepository(db).upsert(f);
}

std::vector<PageQuery> allOrders() {
    std::vector<PageQuery> out;
    for (SortKey key : {SortKey::Date, SortKey::From, SortKey::Subject, SortKey::Size})
        for (bool desc : {false, true})
            for (bool unread : {false, true}) {
                PageQuery q;
                q.folderId = kAllInboxesFolderId;
                q.sort = key;
                q.descending = desc;
                q.unreadOnly = unread;
                out.push_back(q);
            }
    return out;
}

std::vector<std::int64_t> idsOf(const std::vector<model::MessageSummary>& page) {
    std::vector<std::int64_t> out;
    for (const auto& m : page) out.push_back(m.id);
    return out;
}

std::string describe(const PageQuery& q) {
    return "sort " + std::to_string(static_cast<int>(q.sort)) + " desc " + std::to_string(q.descending) + " unread " +
           std::to_string(q.unreadOnly);
}

// Two IMAP accounts and a POP3 account (local INBOX), each with an INBOX full of ties across
// accounts in every sort key, plus folders that must never show up in the merged list.
class StoreUnifiedInbox : public ::testing::Test {
protected:
    StoreUnifiedInbox() : db(":memory:"), index(db) {
        inboxes.push_back(addFolder(db, addAccount(db, "work"), "INBOX"));
        inboxes.push_back(addFolder(db, addAccount(db, "home"), "INBOX"));
        inboxes.push_back(addFolder(db, addAccount(db, "pop"), "INBOX", true));
        noise.push_back(addFolder(db, store::AccountRepository(db).findByName("work")->id, "Archive"));
        noise.push_back(addFolder(db, store::AccountRepository(db).findByName("home")->id, "INBOX/Lists"));
        noise.push_back(addFolder(db, store::AccountRepository(db).findByName("pop")->id, "Saved", true));
        std::mt19937 rng(11);
        for (std::size_t i = 0; i < inboxes.size(); ++i) fill(inboxes[i], 400 + 150 * static_cast<int>(i), rng);
        for (auto f : noise) fill(f, 60, rng);
    }

    void fill(std::int64_t folder, int n, std::mt19937& rng) {
        const std::vector<std::string> senders = {"Zoë <z@x>", "adam <a@x>", "\"Bob\" <b@x>", "carl@x", ""};
        const std::vector<std::string> subjects = {"Re: hello", "hello", "Fwd: Budget", "budget", "", "apple"};
        std::vector<model::MessageSummary> batch;
        for (int uid = 1; uid <= n; ++uid) {
            model::MessageSummary m;
            m.folderId = folder;
            m.uid = static_cast<std::uint32_t>(uid * 2);
            m.flags = rng() % 3 == 0 ? 0u : static_cast<model::Flags>(model::FlagSeen);
            m.size = 1000 + (rng() % 8) * 100;
            m.internalDate = 1700000000 + (rng() % 30) * 3600;
            m.date = rng() % 10 == 0 ? 0 : 1700000000 + (rng() % 20) * 3600;
            m.from = senders[rng() % senders.size()];
            m.subject = subjects[rng() % subjects.size()];
            batch.push_back(m);
        }
        index.upsertBatch(batch);
    }

    // Ground truth: the rows of the current INBOX folders, sorted here.
    std::vector<std::int64_t> expected(const PageQuery& q) {
        struct Row {
            std::int64_t num;
            std::string text;
            std::int64_t id;
        };
        std::vector<Row> rows;
        auto st = db.prepare(
            "SELECT m.id, m.date, m.internal_date, m.from_addr, m.subject, m.size, m.flags FROM messages m "
            "JOIN folders f ON f.id = m.folder_id WHERE f.special_use = 'inbox' OR upper(f.path) = 'INBOX'");
        while (st.step()) {
            if (q.unreadOnly && (st.getInt64(6) & model::FlagSeen)) continue;
            Row r{0, {}, st.getInt64(0)};
            switch (q.sort) {
            case SortKey::Date: r.num = st.getInt64(1) ? st.getInt64(1) : st.getInt64(2); break;
            case SortKey::Size: r.num = st.getInt64(5); break;
            case SortKey::From: r.text = store::sorttext::fromKey(st.getText(3)); break;
            case SortKey::Subject: r.text = store::sorttext::subjectKey(st.getText(4)); break;
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

    void checkAllPages(PageQuery q, std::uint32_t pageSize) {
        const auto want = expected(q);
        ASSERT_EQ(index.count(q), want.size()) << describe(q);
        q.limit = pageSize;
        std::vector<std::int64_t> got;
        for (q.offset = 0; q.offset < want.size() + pageSize; q.offset += pageSize) {
            auto page = idsOf(index.page(q));
            got.insert(got.end(), page.begin(), page.end());
        }
        EXPECT_EQ(got, want) << describe(q);
        EXPECT_EQ(std::set<std::int64_t>(got.begin(), got.end()).size(), got.size()) << describe(q);
    }

    store::Db db;
    store::MessageIndex index;
    std::vector<std::int64_t> inboxes;
    std::vector<std::int64_t> noise;
};

}  // namespace

TEST_F(StoreUnifiedInbox, EveryOrderPagesThroughExactlyTheUnionInOrder) {
    for (const auto& q : allOrders()) checkAllPages(q, 37);
}

TEST_F(StoreUnifiedInbox, RandomJumpsBothWaysMatchTheModel) {
    // Jumps make page() start from remembered anchors before and after the page, which runs the
    // seek variants of the merged statement.
    std::mt19937 rng(5);
    for (auto q : allOrders()) {
        const auto want = expected(q);
        q.limit = 25;
        for (int i = 0; i < 40; ++i) {
            q.offset = static_cast<std::uint32_t>(rng() % want.size());
            const auto got = idsOf(index.page(q));
            const auto end = std::min<std::size_t>(want.size(), q.offset + q.limit);
            ASSERT_EQ(got, std::vector<std::int64_t>(want.begin() + q.offset, want.begin() + end))
                << describe(q) << " offset " << q.offset;
        }
    }
}

TEST_F(StoreUnifiedInbox, CountIsTheSumOfTheInboxesAndFollowsFlagChanges) {
    PageQuery all;
    all.folderId = kAllInboxesFolderId;
    PageQuery unread = all;
    unread.unreadOnly = true;
    std::uint32_t total = 0;
    std::uint32_t unreadSum = 0;
    for (auto f : inboxes) {
        PageQuery one;
        one.folderId = f;
        total += index.count(one);
        one.unreadOnly = true;
        unreadSum += index.count(one);
    }
    EXPECT_EQ(total, 400u + 550u + 700u);
    EXPECT_EQ(index.count(all), total);
    EXPECT_EQ(index.count(unread), unreadSum);
    EXPECT_EQ(index.count(unread), expected(unread).size());

    // Reading a message in one inbox and one outside: only the first changes the merged count.
    const auto first = index.page(PageQuery{kAllInboxesFolderId, SortKey::Date, true, true, 0, 1}).at(0);
    index.setFlags(first.folderId, first.uid, model::FlagSeen);
    EXPECT_EQ(index.count(unread), unreadSum - 1);
    PageQuery noiseUnread{noise[0], SortKey::Date, true, true, 0, 1};
    const auto outside = index.page(noiseUnread).at(0);
    index.setFlags(outside.folderId, outside.uid, model::FlagSeen);
    EXPECT_EQ(index.count(unread), unreadSum - 1);
    checkAllPages(unread, 50);
}

TEST_F(StoreUnifiedInbox, PositionOfFindsEveryInboxRowAndNoOtherRow) {
    for (const auto& q : allOrders()) {
        const auto want = expected(q);
        for (std::size_t i = 0; i < want.size(); i += 23) {
            auto pos = index.positionOf(q, want[i]);
            ASSERT_TRUE(pos) << describe(q);
            EXPECT_EQ(*pos, i) << describe(q);
        }
        const auto last = index.positionOf(q, want.back());
        ASSERT_TRUE(last);
        EXPECT_EQ(*last, want.size() - 1);
    }
    // A message of another folder, and a read message under the unread filter, have no position.
    const auto outside = index.page(PageQuery{noise[1], SortKey::Date, true, false, 0, 1}).at(0);
    EXPECT_FALSE(index.positionOf(PageQuery{kAllInboxesFolderId}, outside.id));
    auto readOnes = index.page(PageQuery{kAllInboxesFolderId, SortKey::Date, true, false, 0, 200});
    auto read = std::find_if(readOnes.begin(), readOnes.end(), [](const auto& m) { return !m.unread(); });
    ASSERT_NE(read, readOnes.end());
    PageQuery unreadQ{kAllInboxesFolderId};
    unreadQ.unreadOnly = true;
    EXPECT_FALSE(index.positionOf(unreadQ, read->id));
}

TEST_F(StoreUnifiedInbox, AccountsAddedAndRemovedChangeTheList) {
    PageQuery q{kAllInboxesFolderId, SortKey::Subject, false, false, 0, 100};
    // Warm the statement cache and the page anchors with the three-inbox list first.
    checkAllPages(q, 64);
    const auto before = index.count(q);

    std::mt19937 rng(3);
    const auto added = addFolder(db, addAccount(db, "new"), "INBOX");
    fill(added, 90, rng);
    EXPECT_EQ(index.count(q), before + 90);
    checkAllPages(q, 64);
    for (const auto& order : allOrders()) checkAllPages(order, 101);

    store::AccountRepository(db).remove("home");
    EXPECT_EQ(index.count(q), before + 90 - 550);
    checkAllPages(q, 64);
    for (const auto& order : allOrders()) checkAllPages(order, 101);

    store::AccountRepository(db).remove("work");
    store::AccountRepository(db).remove("pop");
    store::AccountRepository(db).remove("new");
    EXPECT_EQ(index.count(q), 0u);
    EXPECT_TRUE(index.page(q).empty());
}

TEST(StoreUnifiedInboxScale, PagesOfThreeLargeInboxesAreCheapAtEveryDepth) {
    store::Db db(":memory:");
    store::MessageIndex index(db);
    const int perAccount = 30000;
    // The baseline: one ordinary folder holding as many messages as the three inboxes together.
    std::int64_t baseline = 0;
    for (int a = 0; a < 3; ++a) {
        const auto account = addAccount(db, "acct" + std::to_string(a));
        const auto inbox = addFolder(db, account, "INBOX");
        if (a == 0) baseline = addFolder(db, account, "Big");
        std::vector<model::MessageSummary> batch;
        for (int uid = 1; uid <= perAccount; ++uid) {
            model::MessageSummary m;
            m.folderId = inbox;
            m.uid = static_cast<std::uint32_t>(uid);
            m.flags = uid % 4 == 0 ? 0u : static_cast<model::Flags>(model::FlagSeen);
            m.date = 1600000000 + uid * 60 + a * 17;
            m.size = 2000 + static_cast<std::uint64_t>(uid % 97);
            m.from = "Sender " + std::to_string(uid % 300) + " <s@x>";
            m.subject = "Subject " + std::to_string(uid % 1000);
            model::MessageSummary copy = m;
            copy.folderId = baseline;
            copy.uid = static_cast<std::uint32_t>(a * perAccount + uid);
            batch.push_back(std::move(m));
            batch.push_back(std::move(copy));
            if (batch.size() == 5000) {
                index.upsertBatch(batch);
                batch.clear();
            }
        }
        index.upsertBatch(batch);
    }
    using Clock = std::chrono::steady_clock;
    // A fresh MessageIndex per measurement: no anchors, the cost of a first jump. The best of
    // three, as the machine is shared.
    auto timed = [&](PageQuery q) {
        double best = 1e9;
        for (int i = 0; i < 3; ++i) {
            store::MessageIndex fresh(db);
            const auto t0 = Clock::now();
            const auto rows = fresh.page(q);
            best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            EXPECT_EQ(rows.size(), std::min<std::uint32_t>(q.limit, fresh.count(q) - q.offset));
        }
        return best;
    };
    // Warm the statement cache and the page cache of the in-memory database once.
    for (auto order : allOrders()) index.page(order);
    std::printf("unified inbox, 3 x %d messages, a first page of 100 (ms): merged / one folder of %d\n",
                perAccount, 3 * perAccount);
    for (SortKey key : {SortKey::Date, SortKey::From, SortKey::Subject, SortKey::Size}) {
        for (std::uint32_t offset : {0u, 22500u, 45000u}) {
            PageQuery merged{kAllInboxesFolderId, key, true, false, offset, 100};
            PageQuery single{baseline, key, true, false, offset, 100};
            const double m = timed(merged);
            const double s = timed(single);
            std::printf("  sort %d offset %5u: %7.2f / %7.2f  ratio %.1f\n", static_cast<int>(key), offset, m, s,
                        s > 0 ? m / s : 0.0);
        }
    }
    // Scrolling: consecutive pages reuse the anchors of the one before.
    PageQuery scroll{kAllInboxesFolderId, SortKey::Date, true, false, 45000, 100};
    index.page(scroll);
    const auto t0 = Clock::now();
    for (int i = 0; i < 50; ++i) {
        scroll.offset += 100;
        ASSERT_EQ(index.page(scroll).size(), 100u);
    }
    std::printf("  scrolling 50 pages from offset 45000: %.3f ms per page\n",
                std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / 50);
    PageQuery pos{kAllInboxesFolderId, SortKey::Date, true, false, 45000, 1};
    const auto mid = index.page(pos).at(0);
    const auto p0 = Clock::now();
    EXPECT_EQ(index.positionOf(pos, mid.id), 45000u);
    std::printf("  positionOf at 45000: %.3f ms\n",
                std::chrono::duration<double, std::milli>(Clock::now() - p0).count());
}
