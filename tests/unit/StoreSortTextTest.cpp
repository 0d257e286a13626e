#include <gtest/gtest.h>

#include "store/SortText.h"

using petrel::store::sorttext::fromKey;
using petrel::store::sorttext::subjectKey;

TEST(StoreSortText, FromSortsByDisplayNameElseAddress) {
    EXPECT_EQ(fromKey("Ann Example <ann@example.com>"), "ann example");
    EXPECT_EQ(fromKey("\"Example, Ann\" <ann@example.com>"), "example, ann");
    EXPECT_EQ(fromKey("<bob@example.com>"), "bob@example.com");
    EXPECT_EQ(fromKey("bob@example.com"), "bob@example.com");
    EXPECT_EQ(fromKey("\"\" <carl@example.com>"), "carl@example.com");
    EXPECT_EQ(fromKey("  Zoë <z@x>"), "zoë");
    EXPECT_EQ(fromKey(""), "");
}

TEST(StoreSortText, SubjectDropsReplyAndForwardPrefixes) {
    EXPECT_EQ(subjectKey("Re: Hello"), "hello");
    EXPECT_EQ(subjectKey("RE: Fwd: re:  Hello"), "hello");
    EXPECT_EQ(subjectKey("AW: WG: Angebot"), "angebot");
    EXPECT_EQ(subjectKey("Re[2]: status"), "status");
    EXPECT_EQ(subjectKey("[dev-list] Re: build broken"), "build broken");
    EXPECT_EQ(subjectKey("[just a tag]"), "[just a tag]");
    EXPECT_EQ(subjectKey("Rebase: later"), "rebase: later");
    EXPECT_EQ(subjectKey("Rent due"), "rent due");
    EXPECT_EQ(subjectKey("Re:"), "");
    EXPECT_EQ(subjectKey(""), "");
}
