// Parsing whole stored messages (POP3 mail) into summary, part tree and text (src/mime/MessageParser).
#include <gtest/gtest.h>

#include <string>

#include "mime/MessageParser.h"

using petrel::mime::extractPart;
using petrel::mime::parseMessage;

namespace {

const std::string kMultipart =
    "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.com>\r\n"
    "To: a@example.com, b@example.com\r\n"
    "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n"
    "Date: Tue, 03 Mar 2026 10:00:00 +0100\r\n"
    "Message-ID: <m1@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=FC=DFe aus K=F6ln\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>hi</p>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"a.pdf\"\r\n"
    "Content-Disposition: attachment; filename*=UTF-8''%C3%BCber.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "SGVsbG8=\r\n"
    "--outer--\r\n";

}  // namespace

TEST(MimeMessage, SummaryPartsAndText) {
    auto p = parseMessage(kMultipart, 1000);
    EXPECT_EQ(p.summary.from, "Jürgen <j@example.com>");
    EXPECT_EQ(p.summary.subject, "Grüße");
    EXPECT_EQ(p.summary.date, 1772528400);  // 2026-03-03T09:00:00Z
    EXPECT_EQ(p.summary.messageId, "<m1@example.com>");
    EXPECT_TRUE(p.summary.hasAttachment);
    ASSERT_EQ(p.parts.size(), 3u);
    EXPECT_EQ(p.parts[0].section, "1.1");
    EXPECT_EQ(p.parts[1].section, "1.2");
    EXPECT_EQ(p.parts[1].mimeType, "text/html");
    EXPECT_EQ(p.parts[2].section, "2");
    EXPECT_EQ(p.parts[2].fileName, "über.pdf");
    EXPECT_TRUE(p.parts[2].attachment);
    EXPECT_EQ(p.textType, "plain");
    EXPECT_EQ(p.text, "Grüße aus Köln");
    EXPECT_FALSE(p.textPartial);
    EXPECT_EQ(*extractPart(kMultipart, "2", true), "Hello");
    EXPECT_FALSE(extractPart(kMultipart, "3", true));
}

TEST(MimeMessage, SinglePartIsSectionOneAndTextIsCapped) {
    std::string raw = "Subject: x\nContent-Type: text/plain; charset=utf-8\n\n" + std::string(100, 'a') + "\n";
    auto p = parseMessage(raw, 10);
    ASSERT_EQ(p.parts.size(), 1u);
    EXPECT_EQ(p.parts[0].section, "1");
    EXPECT_EQ(p.text, std::string(10, 'a'));
    EXPECT_TRUE(p.textPartial);
    EXPECT_EQ(p.textRemaining, 91u);
}

TEST(MimeMessage, TruncatedMessageTextIsPartial) {
    auto p = parseMessage("Subject: big\r\n\r\nfirst lines\r\n", 1000, true);
    EXPECT_TRUE(p.textPartial);
    EXPECT_EQ(p.text, "first lines\r\n");
}

TEST(MimeMessage, HostileHeadersAndNestingAreBounded) {
    // ~100,000 nested groups crashed vmime 0.9.2's address parser: To never reaches it here.
    std::string to = "To: ";
    for (int i = 0; i < 100000; ++i) to += "g:";
    std::string raw = "From: a@example.com\r\n" + to + "\r\nSubject: s\r\n";
    // Deep multipart nesting stops at the depth limit.
    for (int i = 0; i < 200; ++i)
        raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\ndeep\r\n";
    auto p = parseMessage(raw, 1000);
    EXPECT_EQ(p.summary.subject, "s");
    EXPECT_LE(p.summary.to.size(), 16u * 1024);
    EXPECT_FALSE(p.parts.empty());
}

TEST(MimeMessage, NoBlankLineAndGarbage) {
    EXPECT_NO_THROW(parseMessage("", 100));
    EXPECT_NO_THROW(parseMessage("garbage without colon", 100));
    EXPECT_NO_THROW(parseMessage("Content-Type: multipart/mixed\r\n\r\nno boundary", 100));
    EXPECT_NO_THROW(parseMessage("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n", 100));
}
