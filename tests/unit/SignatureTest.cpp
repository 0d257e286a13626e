#include <gtest/gtest.h>

#include "mime/Signature.h"

using petrel::mime::signatureBlock;
using petrel::mime::withSignature;

TEST(Signature, BlockHasTheRfc3676SeparatorOnce) {
    EXPECT_EQ(signatureBlock("Ann Example\nExample Ltd."), "-- \nAnn Example\nExample Ltd.\n");
    EXPECT_EQ(signatureBlock("-- \nAnn\n"), "-- \nAnn\n");
    EXPECT_EQ(signatureBlock("--\r\nAnn\r\n\r\n"), "-- \nAnn\n");
    EXPECT_EQ(signatureBlock(""), "");
    EXPECT_EQ(signatureBlock(" \n\t\n"), "");
    EXPECT_EQ(signatureBlock("-- \n"), "");
}

TEST(Signature, AppendedBelowTheTextWithABlankLine) {
    EXPECT_EQ(withSignature("Hello Bob,\nsee you.\n", "Ann"), "Hello Bob,\nsee you.\n\n-- \nAnn\n");
    EXPECT_EQ(withSignature("Hello", "Ann"), "Hello\n\n-- \nAnn\n");
    // A new, empty message: blank lines to type into, then the signature.
    EXPECT_EQ(withSignature("", "Ann"), "\n\n-- \nAnn\n");
    EXPECT_EQ(withSignature("Hello\n", ""), "Hello\n");
}

TEST(Signature, NeverAddedTwice) {
    const std::string once = withSignature("Hello", "Ann\nExample Ltd.");
    EXPECT_EQ(withSignature(once, "Ann\nExample Ltd."), once);
    EXPECT_EQ(withSignature(once + "\n\n", "Ann\nExample Ltd."), once + "\n\n");
    // Someone else's signature at the end (a quoted one) is not ours: ours is still added.
    EXPECT_NE(withSignature(once, "Bob"), once);
}
