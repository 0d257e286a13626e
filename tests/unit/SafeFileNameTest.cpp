// Attachment names from hostile mail, made safe to create in the folder the user chose.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/SafeFileName.h"

TEST(SafeFileName, NeverLeavesTheChosenFolder) {
    using petrel::engine::safeFileName;
    for (const char* hostile : {"../../etc/passwd", "..\\..\\boot.ini", "/abs/path", "a/../../b", "....//x"}) {
        const std::string safe = safeFileName(hostile);
        EXPECT_EQ(safe.find_first_of("/\\"), std::string::npos) << hostile;
        EXPECT_EQ(safe.find(".."), std::string::npos) << hostile;
        EXPECT_NE(safe.front(), '.') << hostile;
        EXPECT_EQ(std::filesystem::path("/dir") / safe, std::filesystem::path("/dir/" + safe)) << hostile;
    }
    EXPECT_EQ(safeFileName("../../etc/passwd"), "_._etc_passwd");
    EXPECT_EQ(safeFileName(".."), "attachment");
    EXPECT_EQ(safeFileName(""), "attachment");
    EXPECT_EQ(safeFileName("CON"), "_CON");
    EXPECT_EQ(safeFileName("com1.txt"), "_com1.txt");
    EXPECT_EQ(safeFileName("report.pdf"), "report.pdf");
    EXPECT_EQ(safeFileName("報告書.zip"), "報告書.zip");
    EXPECT_EQ(safeFileName("a..b"), "a.b");
    EXPECT_EQ(safeFileName("C:evil"), "C_evil");
}
