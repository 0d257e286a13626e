// Address lists as typed and as headers show them (src/mime/AddressList, engine::parseAddressList).
#include <gtest/gtest.h>

#include "engine/SendService.h"
#include "mime/AddressList.h"
#include "model/Error.h"

using namespace petrel;

TEST(AddressList, ParsesNamesQuotesAndSeparators) {
    auto list = mime::parseAddresses("a@b.org, \"Doe, Jane\" <jane@example.org>; Bob <bob@example.net>");
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].address, "a@b.org");
    EXPECT_EQ(list[1].name, "Doe, Jane");
    EXPECT_EQ(list[1].address, "jane@example.org");
    EXPECT_EQ(list[2].name, "Bob");
    EXPECT_EQ(mime::formatAddress(list[1]), "\"Doe, Jane\" <jane@example.org>");
    EXPECT_EQ(mime::formatAddress(list[2]), "Bob <bob@example.net>");
}

TEST(AddressList, EngineParseReportsTheBadEntry) {
    EXPECT_EQ(engine::parseAddressList("x@y.z, Zoë <zoe@example.org>"),
              (std::vector<std::string>{"x@y.z", "Zoë <zoe@example.org>"}));
    EXPECT_TRUE(engine::parseAddressList("  ").empty());
    for (const char* bad : {"bob", "bob@", "@example.org", "a b@example.org", "x@y..z", "<nobody>"}) {
        try {
            engine::parseAddressList(std::string("ok@example.org, ") + bad);
            ADD_FAILURE() << bad << " accepted";
        } catch (const model::Error& e) {
            EXPECT_EQ(e.kind(), model::ErrorKind::Usage);
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
}

TEST(AddressList, LenientParsingSkipsJunk) {
    auto list = mime::parseAddresses("undisclosed-recipients:;, ok@example.org", false);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].address, "ok@example.org");
}
