// Subjects, quoting, attribution and threading headers of replies and forwards.
#include <gtest/gtest.h>

#include "mime/ReplyQuoting.h"
#include "mime/SubjectPrefix.h"

using namespace petrel::mime;

TEST(SubjectPrefix, NeverPilesUp) {
    EXPECT_EQ(replySubject("Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("Re: Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("Re: Re: Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("RE: Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("AW: Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("Re[3]: Hello"), "Re: Hello");
    EXPECT_EQ(replySubject("Fwd: Re: Hello"), "Re: Hello");
    EXPECT_EQ(forwardSubject("Fwd: Re: Hello"), "Fwd: Hello");
    EXPECT_EQ(forwardSubject("FW: Hello"), "Fwd: Hello");
    EXPECT_EQ(forwardSubject("WG: SV: Hello"), "Fwd: Hello");
    EXPECT_EQ(replySubject(""), "Re: ");
}

TEST(SubjectPrefix, LeavesWordsThatOnlyLookLikeMarkers) {
    EXPECT_EQ(replySubject("Review: draft"), "Re: Review: draft");
    EXPECT_EQ(replySubject("Rex the dog"), "Re: Rex the dog");
    EXPECT_EQ(stripSubjectPrefixes("Trade: offer"), "Trade: offer");
}

TEST(ReplyQuoting, QuotesEveryLineAndDeepensQuotes) {
    EXPECT_EQ(quoteText("hello\n\n> older\nbye\n"), "> hello\n>\n>> older\n> bye\n");
}

TEST(ReplyQuoting, AttributionNamesTheSenderAndDate) {
    EXPECT_EQ(attributionLine(0, "\"Doe, Jane\" <jane@example.org>"), "Doe, Jane wrote:");
    EXPECT_EQ(attributionLine(1798000000, "jane@example.org"),
              "On Wed, 23 Dec 2026 04:26 UTC, jane@example.org wrote:");
}

TEST(ReplyQuoting, ReferencesChainAndTrim) {
    EXPECT_EQ(replyReferences("<a@x> <b@x>", "<b@x>", "<c@x>"), "<a@x> <b@x> <c@x>");
    EXPECT_EQ(replyReferences("", "<b@x>", "<c@x>"), "<b@x> <c@x>");
    EXPECT_EQ(replyReferences("", "", "c@x"), "<c@x>");
    EXPECT_EQ(replyReferences("<a@x> <c@x>", "", "<c@x>"), "<a@x> <c@x>");
    std::string many;
    for (int i = 0; i < 50; ++i) many += "<m" + std::to_string(i) + "@x> ";
    const std::string trimmed = replyReferences(many, "", "<new@x>", 20);
    EXPECT_EQ(trimmed.rfind("<m0@x> ", 0), 0u) << "the thread root stays";
    EXPECT_NE(trimmed.find("<m49@x> <new@x>"), std::string::npos);
    EXPECT_EQ(trimmed.find("<m30@x>"), std::string::npos);
    EXPECT_EQ(std::count(trimmed.begin(), trimmed.end(), '<'), 20);
}
