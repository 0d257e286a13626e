#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/FtsQuery.h"
#include "store/MessageIndex.h"

using namespace petrel;
using store::buildFtsQuery;

namespace {

class StoreSearch : public ::testing::Test {
protected:
    StoreSearch() : db(":memory:"), index(db) {
        store::AccountRepository accounts(db);
        model::AccountConfig a;
        a.name = "work";
        workAccount = accounts.add(a);
        a.name = "home";
        homeAccount = accounts.add(a);
        store::FolderRepository folders(db);
        model::FolderInfo f;
        f.accountId = workAccount;
        f.path = "INBOX";
        workInbox = folders.upsert(f);
        f.path = "Archive";
        workArchive = folders.upsert(f);
        f.accountId = homeAccount;
        f.path = "INBOX";
        homeInbox = folders.upsert(f);

        add(workInbox, 1, "Zoë Müller <zoe@example.com>", "team@example.com", "", "Quarterly budget review");
        add(workInbox, 2, "Bob <bob@example.com>", "zoe@example.com", "finance@example.com", "Re: budget");
        add(workArchive, 3, "Carl <carl@example.org>", "team@example.com", "", "Café meeting notes");
        add(homeInbox, 4, "Mum <mum@example.net>", "me@example.net", "", "Budget for the holiday");
        add(homeInbox, 5, "Shop <shop@example.net>", "me@example.net", "", "Your order \"AND\" (NEAR) receipt *");
    }

    void add(std::int64_t folder, std::uint32_t uid, const std::string& from, const std::string& to,
             const std::string& cc, const std::string& subject) {
        model::MessageSummary m;
        m.folderId = folder;
        m.uid = uid;
        m.from = from;
        m.to = to;
        m.cc = cc;
        m.subject = subject;
        index.upsertBatch({m});
    }

    std::set<std::uint32_t> uids(const std::string& q, std::optional<std::int64_t> account = std::nullopt,
                                 std::optional<std::int64_t> folder = std::nullopt) {
        std::set<std::uint32_t> out;
        for (const auto& hit : index.search(q, account, folder, 100)) out.insert(hit.message.uid);
        return out;
    }

    std::int64_t idOf(std::int64_t folder, std::uint32_t uid) { return index.find(folder, uid)->id; }

    store::Db db;
    store::MessageIndex index;
    std::int64_t workAccount = 0, homeAccount = 0, workInbox = 0, workArchive = 0, homeInbox = 0;
};

}  // namespace

TEST(StoreFtsQuery, QuotesEveryWordAndPrefixesTheLast) {
    EXPECT_EQ(buildFtsQuery("budget"), "\"budget\"*");
    EXPECT_EQ(buildFtsQuery("budget "), "\"budget\"");
    EXPECT_EQ(buildFtsQuery("  weekly   report"), "\"weekly\" \"report\"*");
    EXPECT_EQ(buildFtsQuery("say \"hi\""), "\"say\" \"\"\"hi\"\"\"*");
    EXPECT_EQ(buildFtsQuery("AND ( NEAR"), "\"AND\" \"NEAR\"*");
    EXPECT_EQ(buildFtsQuery(""), "");
    EXPECT_EQ(buildFtsQuery("\" ( ) * - ^"), "");
    EXPECT_EQ(buildFtsQuery(std::string("a\0b", 3)), "\"a\" \"b\"*");
    EXPECT_EQ(buildFtsQuery("über"), "\"über\"*");
}

TEST_F(StoreSearch, FindsWordsInEveryIndexedField) {
    EXPECT_EQ(uids("budget "), (std::set<std::uint32_t>{1, 2, 4}));
    EXPECT_EQ(uids("finance "), (std::set<std::uint32_t>{2}));  // cc
    EXPECT_EQ(uids("team "), (std::set<std::uint32_t>{1, 3}));   // to
    EXPECT_EQ(uids("carl "), (std::set<std::uint32_t>{3}));      // from
    EXPECT_EQ(uids("example.org "), (std::set<std::uint32_t>{3}));
    EXPECT_TRUE(uids("nothing-like-this ").empty());
}

TEST_F(StoreSearch, AllWordsMustMatch) {
    EXPECT_EQ(uids("budget review"), (std::set<std::uint32_t>{1}));
    EXPECT_EQ(uids("budget holiday "), (std::set<std::uint32_t>{4}));
}

TEST_F(StoreSearch, LastWordIsAPrefixForSearchAsYouType) {
    EXPECT_EQ(uids("bud"), (std::set<std::uint32_t>{1, 2, 4}));
    EXPECT_EQ(uids("quarterly bud"), (std::set<std::uint32_t>{1}));
    EXPECT_TRUE(uids("bud ").empty());  // a finished word is a whole word
}

TEST_F(StoreSearch, DiacriticsAndCaseAreFolded) {
    EXPECT_EQ(uids("cafe "), (std::set<std::uint32_t>{3}));
    EXPECT_EQ(uids("CAFÉ "), (std::set<std::uint32_t>{3}));
    EXPECT_EQ(uids("zoe muller "), (std::set<std::uint32_t>{1}));
    EXPECT_EQ(uids("müll"), (std::set<std::uint32_t>{1}));
}

TEST_F(StoreSearch, HostileInputNeverThrowsAndIsLiteral) {
    for (const char* q : {"\"", "foo\"", "AND", "AND (", "(", ")", "*", "NEAR", "NEAR(a b)", "a OR b", "NOT x",
                          "from:bob", "^start", "-", "\"unterminated", "col : x", "{a b}", "''", "\\", "a + b"}) {
        EXPECT_NO_THROW(index.search(q, std::nullopt, std::nullopt, 10)) << q;
    }
    // Operators are words like any other.
    EXPECT_EQ(uids("and near "), (std::set<std::uint32_t>{5}));
    EXPECT_EQ(uids("\"AND\" (NEAR)"), (std::set<std::uint32_t>{5}));
    EXPECT_TRUE(uids("bob OR mum").empty());  // no OR operator: "or" must be present too
    EXPECT_TRUE(uids("*").empty());
    EXPECT_TRUE(uids("").empty());
}

TEST_F(StoreSearch, FiltersByAccountAndFolderAndCarriesIds) {
    EXPECT_EQ(uids("budget ", workAccount), (std::set<std::uint32_t>{1, 2}));
    EXPECT_EQ(uids("budget ", homeAccount), (std::set<std::uint32_t>{4}));
    EXPECT_EQ(uids("team ", std::nullopt, workArchive), (std::set<std::uint32_t>{3}));
    EXPECT_TRUE(uids("team ", homeAccount, workArchive).empty());
    auto hits = index.search("holiday", std::nullopt, std::nullopt, 10);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].accountId, homeAccount);
    EXPECT_EQ(hits[0].folderId, homeInbox);
    EXPECT_EQ(hits[0].message.subject, "Budget for the holiday");
    EXPECT_GT(hits[0].rank, 0.0);
}

TEST_F(StoreSearch, OrdersNewestFirstOrByRelevanceAndHonoursTheLimit) {
    auto newest = index.search("budget", std::nullopt, std::nullopt, 10);
    ASSERT_EQ(newest.size(), 3u);
    EXPECT_GT(newest[0].message.id, newest[1].message.id);
    EXPECT_GT(newest[1].message.id, newest[2].message.id);
    EXPECT_EQ(index.search("budget", std::nullopt, std::nullopt, 2).size(), 2u);

    // A message whose text is all about the word outranks ones that mention it once.
    index.setCachedText(idOf(homeInbox, 4), "budget budget budget: the budget", false);
    auto relevant = index.search("budget", std::nullopt, std::nullopt, 10, store::SearchOrder::Relevance);
    ASSERT_EQ(relevant.size(), 3u);
    EXPECT_EQ(relevant[0].message.uid, 4u);
    EXPECT_GT(relevant[0].rank, relevant[1].rank);
    EXPECT_GE(relevant[1].rank, relevant[2].rank);
    index.setCachedText(idOf(workInbox, 1), "budget budget budget budget budget budget budget budget", false);
    relevant = index.search("budget", std::nullopt, std::nullopt, 10, store::SearchOrder::Relevance);
    ASSERT_EQ(relevant.size(), 3u);
    EXPECT_EQ(relevant[0].message.uid, 1u);
}

TEST_F(StoreSearch, RemovedMessagesLeaveTheIndex) {
    index.removeUids(workInbox, {2});
    EXPECT_EQ(uids("budget "), (std::set<std::uint32_t>{1, 4}));
    index.clearFolder(homeInbox);
    EXPECT_EQ(uids("budget "), (std::set<std::uint32_t>{1}));
    store::FolderRepository(db).remove(workArchive);
    EXPECT_TRUE(uids("cafe ").empty());
    store::AccountRepository(db).remove("work");
    EXPECT_TRUE(uids("budget ").empty());
    db.exec("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')");
}

TEST_F(StoreSearch, ChangedHeadersAreReindexed) {
    auto m = *index.find(workInbox, 1);
    m.subject = "Renamed thread";
    index.upsertBatch({m});
    EXPECT_EQ(uids("quarterly ").size(), 0u);
    EXPECT_EQ(uids("renamed "), (std::set<std::uint32_t>{1}));
    db.exec("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')");
}

TEST_F(StoreSearch, CachedTextIsSearchableAndReplaceable) {
    const auto id = idOf(workInbox, 1);
    EXPECT_FALSE(index.cachedText(id));
    index.setCachedText(id, "The invoice from Zürich is attached", true);
    EXPECT_EQ(*index.cachedText(id), "The invoice from Zürich is attached");
    EXPECT_EQ(uids("zurich "), (std::set<std::uint32_t>{1}));
    EXPECT_EQ(uids("invoice budget"), (std::set<std::uint32_t>{1}));
    auto m = index.findById(id);
    EXPECT_TRUE(m->cacheState & model::CachedText);
    EXPECT_TRUE(m->cacheState & model::CachedTextPartial);

    index.setCachedText(id, "Completely different words", false);
    EXPECT_TRUE(uids("zurich ").empty());
    EXPECT_EQ(uids("completely "), (std::set<std::uint32_t>{1}));
    m = index.findById(id);
    EXPECT_TRUE(m->cacheState & model::CachedText);
    EXPECT_FALSE(m->cacheState & model::CachedTextPartial);
    // Header words still found after the body changed.
    EXPECT_EQ(uids("quarterly "), (std::set<std::uint32_t>{1}));

    // Deleting the message removes body words too.
    index.removeUids(workInbox, {1});
    EXPECT_TRUE(uids("completely ").empty());
    EXPECT_FALSE(index.cachedText(id));
    db.exec("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')");
    EXPECT_THROW(index.setCachedText(id, "x", false), model::Error);
}
