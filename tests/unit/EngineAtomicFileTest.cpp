#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "engine/AtomicFile.h"
#include "model/Error.h"

namespace fs = std::filesystem;
using petrel::engine::writeFileAtomically;

namespace {

class EngineAtomicFile : public ::testing::Test {
protected:
    EngineAtomicFile() {
        dir = fs::temp_directory_path() / ("petrel-atomic-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~EngineAtomicFile() override { fs::remove_all(dir); }

    static std::string read(const fs::path& p) {
        std::ifstream f(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(f), {}};
    }

    fs::path dir;
};

TEST_F(EngineAtomicFile, WritesTheWholeFileUnderItsName) {
    const auto path = dir / "saved.eml";
    writeFileAtomically(path.string(), [](std::ostream& out) { out << "Subject: x\r\n\r\nbody\r\n"; });
    EXPECT_EQ(read(path), "Subject: x\r\n\r\nbody\r\n");
    EXPECT_FALSE(fs::exists(path.string() + ".part"));
}

TEST_F(EngineAtomicFile, AFailedWriteLeavesNeitherAFileNorItsPartialCopy) {
    const auto path = dir / "never.bin";
    EXPECT_THROW(writeFileAtomically(path.string(),
                                     [](std::ostream& out) {
                                         out << "half of it";
                                         throw std::runtime_error("cancelled");
                                     }),
                 std::runtime_error);
    EXPECT_FALSE(fs::exists(path));
    EXPECT_FALSE(fs::exists(path.string() + ".part"));
}

TEST_F(EngineAtomicFile, AFailedWriteKeepsTheFileThatWasThere) {
    const auto path = dir / "kept.txt";
    std::ofstream(path) << "the old contents";
    EXPECT_THROW(writeFileAtomically(path.string(), [](std::ostream&) { throw std::runtime_error("lost"); }),
                 std::runtime_error);
    EXPECT_EQ(read(path), "the old contents");
}

TEST_F(EngineAtomicFile, AnUnwritablePlaceIsAStorageError) {
    const auto path = dir / "no-such-folder" / "file.txt";
    try {
        writeFileAtomically(path.string(), [](std::ostream& out) { out << "x"; });
        FAIL() << "expected a Storage error";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Storage);
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
}

}  // namespace
