// Building outgoing MIME (src/mime/MessageComposer) and reading it back with our own parser.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "mime/FormatFlowed.h"
#include "mime/MessageComposer.h"
#include "mime/MessageParser.h"
#include "model/Error.h"

using namespace petrel;

namespace {

mime::ComposeSettings settings() {
    mime::ComposeSettings s;
    s.from = "Alice Example <alice@example.com>";
    s.userAgent = "Petrel/9.9";
    s.date = 1798000000;
    return s;
}

std::string headerBlock(const std::string& raw) {
    return raw.substr(0, raw.find("\r\n\r\n") + 2);
}

std::string binaryData(std::size_t n) {
    std::mt19937 rng(42);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

TEST(ComposeMessage, PlainTextMessageHasTheStandardHeaders) {
    model::OutgoingMessage m;
    m.to = {"Bob <bob@example.org>"};
    m.cc = {"carol@example.net"};
    m.subject = "Hello";
    m.body = "Hi Bob,\nsee you.\n";
    auto c = mime::composeMessage(m, settings());
    const std::string head = headerBlock(c.raw);
    EXPECT_NE(head.find("From: \"Alice Example\" <alice@example.com>\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("To: \"Bob\" <bob@example.org>\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Cc: carol@example.net\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("MIME-Version: 1.0\r\n"), std::string::npos);
    EXPECT_NE(head.find("User-Agent: Petrel/9.9\r\n"), std::string::npos);
    EXPECT_NE(head.find("Date: "), std::string::npos);
    EXPECT_NE(head.find("Content-Type: text/plain; charset=utf-8; format=flowed"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Transfer-Encoding: 7bit"), std::string::npos) << head;
    EXPECT_NE(head.find("Message-ID: " + c.messageId + "\r\n"), std::string::npos);
    EXPECT_NE(c.messageId.find("@example.com>"), std::string::npos) << c.messageId;
    EXPECT_EQ(c.envelopeFrom, "alice@example.com");
    EXPECT_EQ(c.recipients, (std::vector<std::string>{"bob@example.org", "carol@example.net"}));

    auto parsed = mime::parseMessage(c.raw, 1 << 20);
    EXPECT_EQ(parsed.summary.subject, "Hello");
    EXPECT_EQ(parsed.summary.messageId, c.messageId);
    EXPECT_EQ(parsed.summary.date, 1798000000);
    EXPECT_EQ(parsed.text, "Hi Bob,\r\nsee you.\r\n");
}

TEST(ComposeMessage, BccIsEnvelopeOnly) {
    model::OutgoingMessage m;
    m.to = {"bob@example.org"};
    m.bcc = {"Secret <hidden@example.net>"};
    m.subject = "x";
    m.body = "x";
    auto c = mime::composeMessage(m, settings());
    EXPECT_EQ(c.raw.find("hidden@example.net"), std::string::npos) << c.raw;
    EXPECT_EQ(c.raw.find("Bcc"), std::string::npos);
    EXPECT_EQ(c.recipients, (std::vector<std::string>{"bob@example.org", "hidden@example.net"}));

    const std::string folded =
        "From: a@b.c\r\nBcc: one@example.org,\r\n two@example.org\r\nTo: x@y.z\r\n\r\n"
        "Bcc: in the body stays\r\n";
    EXPECT_EQ(mime::withoutBcc(folded), "From: a@b.c\r\nTo: x@y.z\r\n\r\nBcc: in the body stays\r\n");

    auto draftSettings = settings();
    draftSettings.keepBcc = true;
    auto draft = mime::composeMessage(m, draftSettings);
    EXPECT_NE(headerBlock(draft.raw).find("Bcc: \"Secret\" <hidden@example.net>"), std::string::npos)
        << draft.raw;
    const std::string wire = mime::withoutBcc(draft.raw);
    EXPECT_EQ(wire.find("hidden@example.net"), std::string::npos);
    EXPECT_EQ(wire.size() + std::string("Bcc: \"Secret\" <hidden@example.net>\r\n").size(), draft.raw.size());
}

TEST(ComposeMessage, NonAsciiHeadersAreEncodedWordsAndDecodeBack) {
    model::OutgoingMessage m;
    m.from = "Jürgen Müller <j@example.de>";
    m.to = {"Zoë <zoe@example.org>"};
    m.subject = "Grüße aus Köln — ✓";
    m.body = "Schöne Grüße\n";
    auto c = mime::composeMessage(m, settings());
    const std::string head = headerBlock(c.raw);
    for (const char ch : head) ASSERT_LT(static_cast<unsigned char>(ch), 0x80) << head;
    EXPECT_NE(head.find("=?utf-8?"), std::string::npos);
    auto parsed = mime::parseMessage(c.raw, 1 << 20);
    EXPECT_EQ(parsed.summary.subject, "Grüße aus Köln — ✓");
    EXPECT_NE(parsed.summary.from.find("Jürgen Müller"), std::string::npos) << parsed.summary.from;
    EXPECT_NE(parsed.summary.to.find("Zoë"), std::string::npos) << parsed.summary.to;
    EXPECT_NE(head.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos) << head;
    EXPECT_EQ(parsed.text, "Schöne Grüße\r\n");
}

TEST(ComposeMessage, AttachmentsFromPathAndDataKeepTheirBytesAndNames) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("petrel-compose-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string bytes = binaryData(300 * 1024);
    const auto path = dir / "Grüße Bericht.pdf";
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));

    model::OutgoingMessage m;
    m.to = {"bob@example.org"};
    m.subject = "files";
    m.body = "two files\n";
    model::OutgoingAttachment fromPath;
    fromPath.path = path.string();
    model::OutgoingAttachment fromData;
    fromData.data = "a,b\n1,2\n";
    fromData.fileName = "table.csv";
    m.attachments = {fromPath, fromData};
    auto c = mime::composeMessage(m, settings());
    std::filesystem::remove_all(dir);

    auto parsed = mime::parseMessage(c.raw, 1 << 20);
    EXPECT_EQ(parsed.text, "two files\r\n");
    ASSERT_EQ(parsed.parts.size(), 3u);
    EXPECT_EQ(parsed.parts[1].fileName, "Grüße Bericht.pdf");
    EXPECT_EQ(parsed.parts[1].mimeType, "application/pdf");
    EXPECT_TRUE(parsed.parts[1].attachment);
    EXPECT_EQ(parsed.parts[2].fileName, "table.csv");
    EXPECT_EQ(parsed.parts[2].mimeType, "text/csv");
    EXPECT_EQ(mime::extractPart(c.raw, parsed.parts[1].section, true), bytes);
    EXPECT_EQ(mime::extractPart(c.raw, parsed.parts[2].section, true), fromData.data);
    EXPECT_NE(c.raw.find("filename*=utf-8''Gr%C3%BC%C3%9Fe%20Bericht.pdf"), std::string::npos);
}

TEST(ComposeMessage, ForwardedMessageIsAnUnencodedRfc822Part) {
    const std::string original = "From: x@example.org\r\nSubject: orig\r\n\r\nbody line\r\n";
    model::OutgoingMessage m;
    m.to = {"bob@example.org"};
    m.subject = "Fwd: orig";
    m.body = "\n";
    model::OutgoingAttachment a;
    a.data = original;
    a.fileName = "orig.eml";
    a.contentType = "message/rfc822";
    m.attachments = {a};
    auto c = mime::composeMessage(m, settings());
    EXPECT_NE(c.raw.find("Content-Type: message/rfc822"), std::string::npos) << c.raw;
    EXPECT_NE(c.raw.find(original), std::string::npos) << c.raw;
}

TEST(ComposeMessage, InReplyToAndReferencesAreWritten) {
    model::OutgoingMessage m;
    m.to = {"bob@example.org"};
    m.subject = "Re: x";
    m.body = "ok\n";
    m.inReplyTo = "<b@example.org>";
    m.references = "<a@example.org> <b@example.org>";
    auto c = mime::composeMessage(m, settings());
    auto parsed = mime::parseMessage(c.raw, 1 << 20);
    EXPECT_EQ(parsed.summary.inReplyTo, "<b@example.org>");
    EXPECT_NE(parsed.summary.references.find("<a@example.org>"), std::string::npos);
    EXPECT_NE(parsed.summary.references.find("<b@example.org>"), std::string::npos);
}

TEST(ComposeMessage, BadInputIsAUsageError) {
    model::OutgoingMessage m;
    m.subject = "x";
    m.body = "x";
    try {
        mime::composeMessage(m, settings());
        FAIL() << "no recipient accepted";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Usage);
    }
    m.to = {"bob at example.org"};
    try {
        mime::composeMessage(m, settings());
        FAIL() << "bad address accepted";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("bob at example.org"), std::string::npos) << e.what();
    }
}

TEST(ComposeMessage, GuessesContentTypes) {
    EXPECT_EQ(mime::guessContentType("a.PDF"), "application/pdf");
    EXPECT_EQ(mime::guessContentType("photo.jpeg"), "image/jpeg");
    EXPECT_EQ(mime::guessContentType("mail.eml"), "message/rfc822");
    EXPECT_EQ(mime::guessContentType("noext"), "application/octet-stream");
    EXPECT_EQ(mime::guessContentType("x.unknownext"), "application/octet-stream");
}

TEST(ComposeMessage, MessageIdsAreUnique) {
    EXPECT_NE(mime::newMessageId("example.com"), mime::newMessageId("example.com"));
}

TEST(FormatFlowed, WrapsLongLinesWithSoftBreaks) {
    const std::string line =
        "This is a long paragraph that goes on and on, well past the seventy-eight column limit of a line.";
    const std::string flowed = mime::encodeFlowed(line + "\n");
    std::size_t start = 0;
    int lines = 0;
    while (start < flowed.size()) {
        auto end = flowed.find('\n', start);
        EXPECT_LE(end - start, 78u);
        ++lines;
        start = end + 1;
    }
    EXPECT_EQ(lines, 2);
    EXPECT_EQ(flowed.find(" \n"), flowed.find('\n') - 1) << "the first line ends with a soft break";
    EXPECT_EQ(mime::decodeFlowed(flowed), line + "\n");
}

TEST(FormatFlowed, HardLinesLoseTrailingSpacesButTheSignatureSeparatorKeepsIt) {
    EXPECT_EQ(mime::encodeFlowed("end   \n-- \nme\n"), "end\n-- \nme\n");
    EXPECT_EQ(mime::decodeFlowed("end\n-- \nme\n"), "end\n-- \nme\n");
}

TEST(FormatFlowed, SpaceStuffsLinesThatWouldBeMisread) {
    EXPECT_EQ(mime::encodeFlowed(" indented\nFrom here\n"), "  indented\n From here\n");
    EXPECT_EQ(mime::decodeFlowed("  indented\n From here\n"), " indented\nFrom here\n");
}

TEST(FormatFlowed, QuotedLinesKeepTheirDepthWhenWrapped) {
    const std::string quoted =
        ">> A quoted line that is long enough to need wrapping when sent as format=flowed text ok\n>\n> "
        "next\n";
    const std::string flowed = mime::encodeFlowed(quoted);
    std::size_t start = 0;
    std::vector<std::string> lines;
    while (start < flowed.size()) {
        auto end = flowed.find('\n', start);
        lines.push_back(flowed.substr(start, end - start));
        start = end + 1;
    }
    ASSERT_EQ(lines.size(), 4u) << flowed;
    EXPECT_EQ(lines[0].rfind(">> ", 0), 0u);
    EXPECT_EQ(lines[1].rfind(">> ", 0), 0u);
    EXPECT_EQ(lines[2], ">") << "an empty quoted line must not end in a space (soft break)";
    EXPECT_EQ(lines[3], "> next");
    EXPECT_EQ(mime::decodeFlowed(flowed),
              ">> A quoted line that is long enough to need wrapping when sent as format=flowed text ok\n> "
              "\n> next\n");
}

TEST(FormatFlowed, CountsColumnsInCharactersNotBytes) {
    std::string text;
    for (int i = 0; i < 15; ++i) text += "Grüße ";
    text += "end";  // 93 characters, 123 bytes
    const std::string flowed = mime::encodeFlowed(text);
    EXPECT_EQ(std::count(flowed.begin(), flowed.end(), '\n'), 2) << flowed;
}

}  // namespace
