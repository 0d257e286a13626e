#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"

namespace fs = std::filesystem;
using namespace petrel;
using namespace std::chrono_literals;

namespace {

std::string pattern(std::size_t n, char seed) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + static_cast<char>(i % 251));
    return s;
}

std::size_t filesIn(const fs::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) ++n;
    return n;
}

class StorePartCache : public ::testing::Test {
protected:
    StorePartCache() : db(":memory:") {
        std::string tmpl = (fs::temp_directory_path() / "petrel-parts-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp");
        dir = fs::path(tmpl);
        model::AccountConfig a;
        a.name = "a";
        model::FolderInfo f;
        f.accountId = store::AccountRepository(db).add(a);
        f.path = "INBOX";
        folder = store::FolderRepository(db).upsert(f);
        store::MessageIndex index(db);
        model::MessageSummary m;
        m.folderId = folder;
        m.uid = 1;
        index.upsertBatch({m});
        m.uid = 2;
        index.upsertBatch({m});
        message = index.find(folder, 1)->id;
        otherMessage = index.find(folder, 2)->id;
    }
    ~StorePartCache() override {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    store::Db db;
    fs::path dir;
    std::int64_t folder = 0;
    std::int64_t message = 0;
    std::int64_t otherMessage = 0;
};

}  // namespace

TEST_F(StorePartCache, SmallPartLivesInTheDatabase) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    const std::string body = "Hello,\r\nsee you at noon.\r\n";
    EXPECT_FALSE(cache.get(message, "1", 0, 5));
    cache.put(message, "1", 0, body, true);
    EXPECT_TRUE(cache.hasComplete(message, "1"));
    EXPECT_EQ(cache.completeSize(message, "1"), body.size());
    EXPECT_EQ(cache.get(message, "1", 0, store::PartCache::kToEnd), body);
    EXPECT_EQ(cache.get(message, "1", 8, 3), "see");
    // Past the end of a complete part: what there is, as an IMAP partial fetch returns.
    EXPECT_EQ(cache.get(message, "1", body.size() - 2, 100), "\r\n");
    EXPECT_EQ(cache.get(message, "1", body.size() + 5, 10), "");
    EXPECT_FALSE(cache.filePath(message, "1"));
    EXPECT_FALSE(fs::exists(dir / "cache"));  // nothing went to disk
    EXPECT_FALSE(cache.get(message, "2", 0, 1));
    EXPECT_FALSE(cache.get(otherMessage, "1", 0, 1));
}

TEST_F(StorePartCache, RangesAreServedOnlyWhenCovered) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    const std::string whole = pattern(300, 'a');
    cache.put(message, "2", 0, whole.substr(0, 100), false);
    cache.put(message, "2", 200, whole.substr(200, 50), false);
    EXPECT_EQ(cache.get(message, "2", 10, 50), whole.substr(10, 50));
    EXPECT_EQ(cache.get(message, "2", 210, 40), whole.substr(210, 40));
    EXPECT_FALSE(cache.get(message, "2", 90, 20));    // runs into the gap
    EXPECT_FALSE(cache.get(message, "2", 240, 20));   // beyond what we have, end unknown
    EXPECT_FALSE(cache.get(message, "2", 0, store::PartCache::kToEnd));
    EXPECT_FALSE(cache.hasComplete(message, "2"));

    cache.put(message, "2", 100, whole.substr(100, 100), false);
    EXPECT_EQ(cache.get(message, "2", 90, 20), whole.substr(90, 20));
    EXPECT_FALSE(cache.hasComplete(message, "2"));
    cache.put(message, "2", 250, whole.substr(250), true);
    EXPECT_TRUE(cache.hasComplete(message, "2"));
    EXPECT_EQ(cache.get(message, "2", 0, store::PartCache::kToEnd), whole);
    // Completed pieces are merged into one.
    auto st = db.prepare("SELECT count(*), min(start), max(length) FROM parts WHERE message_id = ?1 AND section = '2'");
    st.bind(1, message);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.getInt(0), 1);
    EXPECT_EQ(st.getInt(1), 0);
    EXPECT_EQ(st.getInt(2), 300);
}

TEST_F(StorePartCache, OverlappingAndRepeatedPutsAreHarmless) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    const std::string whole = pattern(100, 'k');
    cache.put(message, "1", 0, whole.substr(0, 60), false);
    cache.put(message, "1", 0, whole.substr(0, 60), false);  // refetch after reconnect
    cache.put(message, "1", 0, whole.substr(0, 30), false);  // shorter: nothing new
    cache.put(message, "1", 40, whole.substr(40), true);
    EXPECT_TRUE(cache.hasComplete(message, "1"));
    EXPECT_EQ(cache.get(message, "1", 0, store::PartCache::kToEnd), whole);
}

TEST_F(StorePartCache, LargePartGoesToAFileWrittenAtomically) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    const std::string big = pattern(10000, 'A');
    cache.put(message, "2.1", 0, big, true);
    auto path = cache.filePath(message, "2.1");
    ASSERT_TRUE(path);
    EXPECT_EQ(fs::path(*path).parent_path(), dir / "cache");
    std::ifstream in(*path, std::ios::binary);
    std::string onDisk((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(onDisk, big);
    EXPECT_EQ(cache.get(message, "2.1", 5000, 10), big.substr(5000, 10));
    for (const auto& e : fs::directory_iterator(dir / "cache"))
        EXPECT_EQ(e.path().extension(), ".part") << e.path();  // no temporary left behind
}

TEST_F(StorePartCache, ChunkedLargePartEndsUpAsOneFile) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    const std::string big = pattern(5000, '0');
    for (std::size_t off = 0; off < big.size(); off += 2000)
        cache.put(message, "3", off, big.substr(off, 2000), off + 2000 >= big.size());
    EXPECT_TRUE(cache.hasComplete(message, "3"));
    auto path = cache.filePath(message, "3");
    ASSERT_TRUE(path);
    EXPECT_EQ(fs::file_size(*path), big.size());
    EXPECT_EQ(cache.get(message, "3", 0, store::PartCache::kToEnd), big);
    EXPECT_EQ(filesIn(dir / "cache"), 1u);  // the chunk files were replaced
}

TEST_F(StorePartCache, AMissingFileIsACacheMiss) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    cache.put(message, "4", 0, pattern(3000, 'x'), true);
    auto path = cache.filePath(message, "4");
    ASSERT_TRUE(path);
    fs::remove(*path);
    EXPECT_FALSE(cache.get(message, "4", 0, 10));
    EXPECT_FALSE(cache.filePath(message, "4"));
}

TEST_F(StorePartCache, RemoveMessageDeletesRowsAndFiles) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    cache.put(message, "1", 0, pattern(3000, 'x'), true);
    cache.put(message, "2", 0, "small", true);
    cache.put(otherMessage, "1", 0, pattern(3000, 'y'), true);
    EXPECT_EQ(filesIn(dir / "cache"), 2u);
    cache.removeMessage(message);
    EXPECT_FALSE(cache.hasComplete(message, "1"));
    EXPECT_FALSE(cache.hasComplete(message, "2"));
    EXPECT_TRUE(cache.hasComplete(otherMessage, "1"));
    EXPECT_EQ(filesIn(dir / "cache"), 1u);
}

TEST_F(StorePartCache, PruneRemovesOnlyOrphanedFilesOfOurs) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    cache.put(message, "1", 0, pattern(3000, 'x'), true);
    cache.put(otherMessage, "1", 0, pattern(3000, 'y'), true);
    std::ofstream(dir / "cache" / "notes.txt") << "not ours";
    std::ofstream(dir / "cache" / "m1-9-0-dead.part.tmp") << "half written";
    // The message goes through ON DELETE CASCADE: its row vanishes, its file stays behind.
    store::MessageIndex(db).removeUids(folder, {2});
    EXPECT_EQ(cache.pruneOrphanFiles(1h), 0u);  // too young: maybe another connection's put
    EXPECT_EQ(cache.pruneOrphanFiles(0s), 2u);
    EXPECT_TRUE(fs::exists(dir / "cache" / "notes.txt"));
    EXPECT_TRUE(cache.filePath(message, "1"));
    EXPECT_EQ(filesIn(dir / "cache"), 2u);
}

TEST_F(StorePartCache, EmptyCompletePartIsComplete) {
    store::PartCache cache(db, (dir / "cache").string(), 1024);
    cache.put(message, "5", 0, "", true);
    EXPECT_TRUE(cache.hasComplete(message, "5"));
    EXPECT_EQ(cache.get(message, "5", 0, store::PartCache::kToEnd), "");
}
