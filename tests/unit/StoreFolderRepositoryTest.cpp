#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Clock.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"

using namespace petrel;
using model::Error;
using model::ErrorKind;

namespace {

class StoreFolderRepository : public ::testing::Test {
protected:
    StoreFolderRepository() : db(":memory:"), folders(db) {
        model::AccountConfig a;
        a.name = "acct";
        accountId = store::AccountRepository(db).add(a);
    }

    std::int64_t add(const std::string& path, char sep = '/') {
        model::FolderInfo f;
        f.accountId = accountId;
        f.path = path;
        f.separator = sep;
        return folders.upsert(f);
    }

    std::vector<std::string> paths() {
        std::vector<std::string> out;
        for (const auto& f : folders.list(accountId)) out.push_back(f.path);
        return out;
    }

    store::Db db;
    store::FolderRepository folders;
    std::int64_t accountId = 0;
};

}  // namespace

TEST_F(StoreFolderRepository, UpsertInsertsThenUpdatesTheSameRow) {
    model::FolderInfo f;
    f.accountId = accountId;
    f.path = "Sent";
    f.separator = '.';
    f.specialUse = model::SpecialUse::Sent;
    f.subscribed = false;
    f.selectable = false;
    f.local = true;
    const auto id = folders.upsert(f);
    auto back = folders.find(accountId, "Sent");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, id);
    EXPECT_EQ(back->accountId, accountId);
    EXPECT_EQ(back->separator, '.');
    EXPECT_EQ(back->specialUse, model::SpecialUse::Sent);
    EXPECT_FALSE(back->subscribed);
    EXPECT_FALSE(back->selectable);
    EXPECT_TRUE(back->local);

    folders.updateSyncState(id, 7, 100, 12345678901234ULL);
    f.subscribed = true;
    f.specialUse = model::SpecialUse::None;
    EXPECT_EQ(folders.upsert(f), id);
    auto again = folders.findById(id);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->subscribed);
    EXPECT_EQ(again->specialUse, model::SpecialUse::None);
    // Listing attributes do not reset the sync state.
    EXPECT_EQ(again->uidValidity, 7u);
    EXPECT_EQ(again->uidNext, 100u);
    EXPECT_EQ(again->highestModSeq, 12345678901234ULL);
    EXPECT_FALSE(folders.find(accountId, "sent"));  // paths are case-sensitive except INBOX on servers
}

TEST_F(StoreFolderRepository, FlatNamespaceSeparatorRoundTrips) {
    add("Flat", '\0');
    auto f = folders.find(accountId, "Flat");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->separator, '\0');
}

TEST_F(StoreFolderRepository, ListPutsInboxFirstAndChildrenUnderTheirParent) {
    for (const char* p : {"Archive", "a b", "a", "a/b", "INBOX/Sub", "a-b", "INBOX", "Zed", "a/b/c"}) add(p);
    EXPECT_EQ(paths(), (std::vector<std::string>{"INBOX", "INBOX/Sub", "a", "a/b", "a/b/c", "a b", "a-b", "Archive",
                                                 "Zed"}));
}

TEST_F(StoreFolderRepository, RenameTreeMovesChildrenButNotLookAlikes) {
    const auto a = add("a");
    add("a/b");
    add("a/b/c");
    add("ab");
    add("a_x");
    folders.renameTree(accountId, "a", "Projects/a", '/');
    EXPECT_EQ(paths(), (std::vector<std::string>{"a_x", "ab", "Projects/a", "Projects/a/b", "Projects/a/b/c"}));
    EXPECT_EQ(folders.find(accountId, "Projects/a")->id, a);  // same row: messages stay attached
}

TEST_F(StoreFolderRepository, RenameTreeRefusesConflictsAndCycles) {
    add("a");
    add("a/x");
    add("b");
    add("b/x");
    try {
        folders.renameTree(accountId, "a", "b", '/');
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos);
    }
    try {
        folders.renameTree(accountId, "a", "a/inner", '/');
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
    try {
        folders.renameTree(accountId, "nope", "other", '/');
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
    EXPECT_EQ(paths(), (std::vector<std::string>{"a", "a/x", "b", "b/x"}));
    // A target whose children would not collide is fine.
    add("c/y");
    folders.renameTree(accountId, "a", "c", '/');
    EXPECT_EQ(paths(), (std::vector<std::string>{"b", "b/x", "c", "c/x", "c/y"}));
}

TEST_F(StoreFolderRepository, RenameTreeHandlesWildcardsAndUtf8) {
    add("50%_off");
    add("50%_off/Ünïcode");
    folders.renameTree(accountId, "50%_off", "Sälé", '/');
    EXPECT_EQ(paths(), (std::vector<std::string>{"Sälé", "Sälé/Ünïcode"}));
}

TEST_F(StoreFolderRepository, SyncStateAndLastSyncTime) {
    const auto id = add("INBOX");
    EXPECT_EQ(folders.lastSyncAt(id), 0);
    const auto before = store::unixNow();
    folders.updateSyncState(id, 1, 2, 3);
    EXPECT_GE(folders.lastSyncAt(id), before);
    auto f = folders.findById(id);
    EXPECT_EQ(f->uidValidity, 1u);
    EXPECT_EQ(f->uidNext, 2u);
    EXPECT_EQ(f->highestModSeq, 3u);
    try {
        folders.updateSyncState(999, 1, 2, 3);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
}

TEST_F(StoreFolderRepository, RecountRebuildsTotals) {
    const auto id = add("INBOX");
    store::MessageIndex index(db);
    std::vector<model::MessageSummary> batch;
    for (std::uint32_t uid = 1; uid <= 5; ++uid) {
        model::MessageSummary m;
        m.folderId = id;
        m.uid = uid;
        m.flags = uid <= 2 ? static_cast<model::Flags>(model::FlagSeen) : 0u;
        batch.push_back(m);
    }
    index.upsertBatch(batch);
    db.exec("UPDATE folders SET total = 99, unread = 99");  // damaged counts
    folders.recount(id);
    auto f = folders.findById(id);
    EXPECT_EQ(f->total, 5u);
    EXPECT_EQ(f->unread, 3u);
}

TEST_F(StoreFolderRepository, RemoveDeletesMessagesToo) {
    const auto id = add("Trash");
    store::MessageIndex index(db);
    model::MessageSummary m;
    m.folderId = id;
    m.uid = 9;
    index.upsertBatch({m});
    folders.remove(id);
    EXPECT_FALSE(folders.findById(id));
    EXPECT_FALSE(index.find(id, 9));
    try {
        folders.remove(id);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    }
}
