#include <gtest/gtest.h>

#include "mime/Charset.h"
#include "mime/HeaderText.h"
#include "mime/TransferEncoding.h"

using namespace petrel::mime;

TEST(MimeHeaderText, DecodesEncodedWordsToUtf8) {
    EXPECT_EQ(decodeHeaderText("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?="), "Grüße aus Köln");
    EXPECT_EQ(decodeHeaderText("=?ISO-8859-1?Q?J=F6rg?= <joerg@example.com>"), "Jörg <joerg@example.com>");
    EXPECT_EQ(decodeHeaderText("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?="), "日本語");
    // Adjacent encoded-words join without the space between them (RFC 2047 §6.2).
    EXPECT_EQ(decodeHeaderText("=?UTF-8?Q?a?= =?UTF-8?Q?b?="), "ab");
}

TEST(MimeHeaderText, UnfoldsAndKeepsPlainText) {
    EXPECT_EQ(decodeHeaderText("Hello\r\n world"), "Hello world");
    EXPECT_EQ(decodeHeaderText("plain"), "plain");
}

TEST(MimeHeaderText, Raw8BitLatin1BecomesUtf8) {
    EXPECT_EQ(decodeHeaderText("J\xF6rg"), "Jörg");
}

TEST(MimeHeaderText, BoundsHugeValues) {
    std::string huge(1 << 20, 'a');
    EXPECT_EQ(decodeHeaderText(huge).size(), 64u * 1024u);
}

TEST(MimeCharset, ConvertsDeclaredCharsets) {
    EXPECT_EQ(toUtf8("\xE4\xF6\xFC", "iso-8859-1"), "äöü");
    EXPECT_EQ(toUtf8("\x80", "windows-1252"), "€");
    EXPECT_EQ(toUtf8("abc", "no-such-charset"), "abc");
    EXPECT_EQ(toUtf8("\xE4", "no-such-charset"), "ä");
    EXPECT_EQ(toUtf8("\xE4", "utf-8"), "ä");  // lying charset: Latin-1 guess
}

TEST(MimeTransferEncoding, DecodesBase64AndQuotedPrintable) {
    EXPECT_EQ(decodeTransferEncoding("SGVsbG8sIHdvcmxkIQ==", "base64"), "Hello, world!");
    EXPECT_EQ(decodeTransferEncoding("SGVs\r\nbG8=", "BASE64"), "Hello");
    EXPECT_EQ(decodeTransferEncoding("caf=C3=A9 =\r\nau lait", "quoted-printable"), "café au lait");
    EXPECT_EQ(decodeTransferEncoding("as is", "8bit"), "as is");
}
