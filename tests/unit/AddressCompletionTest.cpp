// Completing typed addresses from the index (store::AddressBook behind engine::completeAddresses).
#include <gtest/gtest.h>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/AddressBook.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"

using namespace petrel;

namespace {

class AddressCompletion : public ::testing::Test {
protected:
    AddressCompletion() : db(":memory:") {
        model::AccountConfig a;
        a.name = "work";
        const auto account = store::AccountRepository(db).add(a);
        model::FolderInfo f;
        f.accountId = account;
        f.path = "INBOX";
        folder = store::FolderRepository(db).upsert(f);
        add("Zoë Müller <zoe@example.com>", "me@example.net", "");
        add("Zoë Müller <zoe@example.com>", "me@example.net", "Zack <zack@example.org>");
        add("me@example.net", "\"Zoe, Team\" <team@example.com>, zoe@example.com", "");
        add("Bob <bob@example.com>", "me@example.net", "");
    }

    void add(const std::string& from, const std::string& to, const std::string& cc) {
        model::MessageSummary m;
        m.folderId = folder;
        m.uid = ++uid;
        m.from = from;
        m.to = to;
        m.cc = cc;
        m.subject = "s";
        store::MessageIndex(db).upsertBatch({m});
    }

    store::Db db;
    std::int64_t folder = 0;
    std::uint32_t uid = 0;
};

TEST_F(AddressCompletion, MatchesNameWordsAndAddressesMostUsedFirst) {
    auto z = store::AddressBook(db).complete("zo", 10);
    ASSERT_EQ(z.size(), 2u);
    EXPECT_EQ(z[0], "Zoë Müller <zoe@example.com>") << "seen three times, under its most common name";
    EXPECT_EQ(z[1], "\"Zoe, Team\" <team@example.com>");
    EXPECT_EQ(store::AddressBook(db).complete("BOB", 10), std::vector<std::string>{"Bob <bob@example.com>"});
    EXPECT_EQ(store::AddressBook(db).complete("müll", 10),
              std::vector<std::string>{"Zoë Müller <zoe@example.com>"});
    EXPECT_EQ(store::AddressBook(db).complete("zack@ex", 10),
              std::vector<std::string>{"Zack <zack@example.org>"});
}

TEST_F(AddressCompletion, RespectsTheLimitAndIgnoresNoise) {
    EXPECT_EQ(store::AddressBook(db).complete("z", 1).size(), 1u);
    EXPECT_TRUE(store::AddressBook(db).complete("", 10).empty());
    EXPECT_TRUE(store::AddressBook(db).complete("\"*(", 10).empty());
    EXPECT_TRUE(store::AddressBook(db).complete("nobody", 10).empty());
}

}  // namespace
