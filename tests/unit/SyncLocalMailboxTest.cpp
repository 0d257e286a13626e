#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "sync/LocalMailbox.h"

namespace fs = std::filesystem;
using namespace petrel;

namespace {

class SyncLocalMailbox : public ::testing::Test {
protected:
    SyncLocalMailbox()
        : cache(fs::temp_directory_path() / ("petrel-localmailbox-" + std::to_string(::getpid()))), db(":memory:") {
        fs::create_directories(cache);
        model::AccountConfig a;
        a.name = "pop";
        account = store::AccountRepository(db).add(a);
    }
    ~SyncLocalMailbox() override { fs::remove_all(cache); }

    fs::path cache;
    store::Db db;
    std::int64_t account = 0;
};

TEST_F(SyncLocalMailbox, RequireMessageFindsAStoredMessageByFolderAndUid) {
    sync::LocalMailbox mailbox(db, cache.string());
    const auto inbox = mailbox.ensureInbox(account);
    const std::string raw = "From: a@example.com\r\nSubject: stored here\r\n\r\nbody\r\n";
    const auto id = mailbox.add(inbox.id, raw, true, 1 << 20);
    const auto other = mailbox.add(inbox.id, raw, true, 1 << 20);
    const auto first = mailbox.requireMessage(inbox, 1);
    EXPECT_EQ(first.id, id);
    EXPECT_EQ(first.subject, "stored here");
    EXPECT_EQ(mailbox.requireMessage(inbox, 2).id, other);
}

TEST_F(SyncLocalMailbox, RequireMessageOfAMissingUidNamesTheUidAndTheFolder) {
    sync::LocalMailbox mailbox(db, cache.string());
    const auto archive = mailbox.createFolder(account, "Archive");
    try {
        mailbox.requireMessage(archive, 42);
        FAIL() << "expected NotFound";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::NotFound);
        EXPECT_EQ(std::string(e.what()), "no message with uid 42 in 'Archive'");
    }
}

}  // namespace
