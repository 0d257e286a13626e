// Hostile mail through the MIME-to-model path (issue 8 item 1): every crafted message either
// shows text or an empty body, with every string valid UTF-8 and every listed part extractable;
// nothing crashes, hangs or grows without bound. Small messages are committed in
// tests/fixtures/hostile/; the big ones are generated here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>
#include <vmime/vmime.hpp>

#include "mime/BodyStructure.h"
#include "mime/Charset.h"
#include "mime/HeaderText.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "net/ImapBodyStructure.h"
#include "net/ImapFetchParser.h"
#include "net/ImapResponse.h"

namespace fs = std::filesystem;
using petrel::mime::ParsedMessage;
using petrel::mime::ParseLimits;
using petrel::mime::isValidUtf8;
using petrel::mime::parseMessage;

namespace {

constexpr std::size_t kTextCap = 64 * 1024;

// The committed corpus (PETREL_FIXTURE_DIR: tests/fixtures of the source tree, set by CMake).
fs::path fixtureDir() { return fs::path(PETREL_FIXTURE_DIR) / "hostile"; }

std::string readFile(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string fixture(const std::string& name) {
    const fs::path p = fixtureDir() / name;
    EXPECT_TRUE(fs::exists(p)) << p;
    return readFile(p);
}

// What every message must satisfy, whatever else a test checks.
ParsedMessage parseChecked(const std::string& raw, const std::string& label) {
    ParsedMessage m = parseMessage(raw, kTextCap);
    auto& s = m.summary;
    for (const std::string* f : {&m.text, &s.from, &s.to, &s.cc, &s.subject, &s.messageId, &s.inReplyTo,
                                 &s.references, &s.bodyStructure})
        EXPECT_TRUE(isValidUtf8(*f)) << label << ": not UTF-8: " << f->substr(0, 80);
    EXPECT_LE(m.text.size(), kTextCap) << label;
    EXPECT_LE(m.parts.size(), ParseLimits{}.maxParts) << label;
    for (std::size_t i = 0; i < m.parts.size(); ++i) {
        const auto& p = m.parts[i];
        for (const std::string* f : {&p.mimeType, &p.charset, &p.encoding, &p.fileName, &p.contentId})
            EXPECT_TRUE(isValidUtf8(*f)) << label << " part " << p.section;
        // Each extraction parses the whole message again: the first parts and the last suffice.
        if (i < 20 || i + 1 == m.parts.size()) {
            EXPECT_TRUE(petrel::mime::extractPart(raw, p.section, true).has_value()) << label << " part " << p.section;
        }
    }
    // The stored structure reads back as the same parts (the viewer and inline images use it).
    const auto stored = petrel::mime::parseParts(s.bodyStructure);
    EXPECT_EQ(stored.size(), m.parts.size()) << label;
    for (std::size_t i = 0; i < stored.size() && i < m.parts.size(); ++i) {
        EXPECT_EQ(stored[i].section, m.parts[i].section) << label;
        EXPECT_EQ(stored[i].fileName, m.parts[i].fileName) << label;
        EXPECT_EQ(stored[i].attachment, m.parts[i].attachment) << label;
    }
    const auto browse = petrel::mime::parseHeaderSummary(raw);
    EXPECT_EQ(browse.subject, s.subject) << label;
    EXPECT_EQ(browse.from, s.from) << label;
    return m;
}

std::string header(const std::string& subject) {
    return "From: Mallory <mallory@example.net>\r\nTo: victim@example.com\r\nSubject: " + subject +
           "\r\nMessage-ID: <generated@hostile.example>\r\n";
}

}  // namespace

TEST(HostileMail, EveryCommittedFixtureParsesToUtf8WithExtractableParts) {
    std::size_t count = 0;
    for (const auto& e : fs::directory_iterator(fixtureDir())) {
        if (e.path().extension() != ".eml") continue;
        parseChecked(readFile(e.path()), e.path().filename().string());
        ++count;
    }
    EXPECT_GE(count, 17u);
}

TEST(HostileMail, BrokenAndMissingBoundariesStillShowTheText) {
    auto broken = parseChecked(fixture("broken-boundary.eml"), "broken");
    EXPECT_NE(broken.text.find("do not match the declared boundary"), std::string::npos) << broken.text;
    auto noParam = parseChecked(fixture("missing-boundary-parameter.eml"), "no parameter");
    EXPECT_NE(noParam.text.find("without a boundary parameter"), std::string::npos) << noParam.text;

    auto unclosed = parseChecked(fixture("missing-close-delimiter.eml"), "unclosed");
    EXPECT_EQ(unclosed.text, "First part, shown.");
    ASSERT_EQ(unclosed.parts.size(), 2u);
    EXPECT_EQ(unclosed.parts[1].fileName, "cut.bin");
    EXPECT_EQ(petrel::mime::extractPart(fixture("missing-close-delimiter.eml"), "2", true),
              std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", 10));
}

TEST(HostileMail, UnknownAndLyingCharsetsGiveReadableText) {
    auto unknown = parseChecked(fixture("unknown-charset.eml"), "unknown");
    EXPECT_NE(unknown.text.find("qapla"), std::string::npos);
    auto lying = parseChecked(fixture("lying-charset-utf8.eml"), "lying utf-8");
    EXPECT_NE(lying.text.find("Grüße aus Köln"), std::string::npos) << lying.text;
    auto utf16 = parseChecked(fixture("lying-charset-utf16.eml"), "utf-16");
    EXPECT_NE(utf16.text.find("hi"), std::string::npos) << utf16.text;
    parseChecked(fixture("lying-charset-iso2022.eml"), "iso-2022-jp");
}

TEST(HostileMail, RawEightBitHeadersAndNulBytesAreKeptReadable) {
    auto raw = parseChecked(fixture("raw-8bit-headers.eml"), "8bit");
    EXPECT_EQ(raw.summary.from, "Jörg Müller <joerg@example.de>");
    EXPECT_EQ(raw.summary.to, "张三 <zhang@example.cn>");
    // UTF-8 and Latin-1 mixed in one value: not valid UTF-8, so read as Latin-1 as a whole.
    EXPECT_EQ(raw.summary.subject.rfind("Grüße ", 0), 0u) << raw.summary.subject;
    EXPECT_EQ(raw.text, "Raw 8-bit header bytes.\n");

    auto nul = parseChecked(fixture("nul-bytes.eml"), "nul");
    EXPECT_NE(nul.summary.subject.find("after"), std::string::npos) << "nothing cut at the NUL";
    EXPECT_NE(nul.text.find("and more"), std::string::npos);
}

TEST(HostileMail, AttachmentNamesAreReportedDecodedForTheSaveDialogToSanitize) {
    const std::string raw = fixture("attachment-names.eml");
    auto m = parseChecked(raw, "names");
    std::map<std::string, std::string> byName;
    for (const auto& p : m.parts)
        if (p.attachment) byName[p.fileName] = *petrel::mime::extractPart(raw, p.section, true);
    EXPECT_EQ(byName["../../../../tmp/petrel-escape.sh"], "payload dot-dot\n");
    EXPECT_EQ(byName["/etc/petrel-absolute"], "payload absolute\n");
    EXPECT_EQ(byName["../../encoded-escape"], "payload rfc2231-escape\n");
    EXPECT_EQ(byName["../../rfc2047-escape"], "payload rfc2047-escape\n");
    EXPECT_EQ(byName["CON"], "payload device\n");
    EXPECT_EQ(byName[std::string(300, 'L') + ".txt"], "payload long\n");
    EXPECT_EQ(m.text, "Every attachment below has a hostile name.");
    EXPECT_TRUE(m.summary.hasAttachment);
}

TEST(HostileMail, HeadersOfMegabytesAreBoundedAndTheBodyIsStillFound) {
    const ParseLimits limits;
    // One 5 MB field, then 100,000 more fields, then a 4 MB line without a colon.
    std::string raw = header(std::string(5 * 1024 * 1024, 'S'));
    for (int i = 0; i < 100000; ++i) raw += "X-Junk-" + std::to_string(i) + ": value\r\n";
    raw += std::string(4 * 1024 * 1024, 'x') + "\r\n";
    raw += "Content-Type: text/plain\r\n\r\nthe body after the big header\r\n";
    auto m = parseChecked(raw, "megabyte headers");
    EXPECT_LE(m.summary.subject.size(), limits.maxFieldBytes);
    EXPECT_EQ(m.summary.from, "Mallory <mallory@example.net>");
    EXPECT_EQ(m.text, "the body after the big header\r\n");
}

TEST(HostileMail, HundredThousandNestedGroupsNeverReachVmimeUnbounded) {
    std::string groups;
    for (int i = 0; i < 100000; ++i) groups += "g" + std::to_string(i) + ": ";
    groups += "victim@example.com";
    groups += std::string(100000, ';');
    const std::string raw = "Subject: groups\r\nTo: " + groups + "\r\n\r\nbody\r\n";

    auto m = parseChecked(raw, "nested groups");
    EXPECT_EQ(m.text, "body\r\n");
    EXPECT_EQ(m.summary.subject, "groups");
    // The bound: what we keep of the field (and what any later vmime address parse could see).
    EXPECT_LE(m.summary.to.size(), ParseLimits{}.maxFieldBytes);
    EXPECT_EQ(m.summary.to.rfind("g0: g1: g2:", 0), 0u);
    EXPECT_LE(petrel::mime::parseHeaderSummary(raw).to.size(), ParseLimits{}.maxFieldBytes);

    // vmime 0.9.2's address parser, which dies on the unbounded value (DESIGN §4), copes with
    // what the bound leaves.
    vmime::addressList bounded;
    bounded.parse(m.summary.to);
}

TEST(HostileMail, ThousandDeepMultipartNestingIsCutAtTheDepthLimit) {
    std::string raw = header("deep") + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
    const int depth = 1000;
    for (int i = 1; i < depth; ++i)
        raw += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) +
               "\r\n\r\n";
    raw += "--b" + std::to_string(depth - 1) + "\r\nContent-Type: text/plain\r\n\r\ndeepest text\r\n";
    for (int i = depth - 1; i >= 0; --i) raw += "--b" + std::to_string(i) + "--\r\n";

    auto m = parseChecked(raw, "deep");
    ASSERT_EQ(m.parts.size(), 1u);
    EXPECT_EQ(m.parts[0].mimeType, "application/octet-stream");
    EXPECT_EQ(std::count(m.parts[0].section.begin(), m.parts[0].section.end(), '.') + 1,
              static_cast<long>(ParseLimits{}.maxDepth));
    EXPECT_TRUE(m.text.empty());

    // 100,000 levels in 3 MB: the same cut, no stack exhaustion.
    std::string deeper = "Content-Type: multipart/mixed; boundary=x\r\n\r\n";
    for (int i = 0; i < 100000; ++i) deeper += "--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n";
    parseChecked(deeper, "deeper");
}

TEST(HostileMail, TenThousandPartsStopAtThePartLimit) {
    std::string raw = header("many parts") + "Content-Type: multipart/mixed; boundary=p\r\n\r\n";
    for (int i = 0; i < 10000; ++i) raw += "--p\r\nContent-Type: application/octet-stream; name=f" + std::to_string(i) + "\r\n\r\nx\r\n";
    raw += "--p--\r\n";
    auto m = parseChecked(raw, "many parts");
    EXPECT_EQ(m.parts.size(), ParseLimits{}.maxParts);
}

TEST(HostileMail, TextIsCappedOnACharacterBoundary) {
    std::string body;
    for (int i = 0; i < 100000; ++i) body += "€";
    const std::string raw = header("big text") + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body;
    ParsedMessage m = parseMessage(raw, 1000);
    EXPECT_TRUE(m.textPartial);
    EXPECT_LE(m.text.size(), 1000u);
    EXPECT_TRUE(isValidUtf8(m.text));
    EXPECT_EQ(m.text.size() + m.textRemaining, body.size());
}

TEST(HostileMail, HostileImapResponsesFailAsProtocolErrors) {
    using petrel::model::Error;
    using petrel::model::ErrorKind;
    // 100,000 nested lists: no stack overflow. Unclosed, they are a protocol error; closed, the
    // tokenizer may refuse them or read the over-deep part as NIL, but it must return.
    try {
        petrel::net::parseImapResponse("* 1 FETCH " + std::string(100000, '('));
        FAIL() << "accepted 100,000 unclosed lists";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Protocol);
    }
    try {
        const auto r = petrel::net::parseImapResponse("* 1 FETCH " + std::string(100000, '(') + std::string(100000, ')'));
        EXPECT_EQ(r.name, "FETCH");
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Protocol);
    }
    // A literal that claims more than the response holds.
    try {
        petrel::net::parseImapResponse("* 1 FETCH (BODY[] {99}\r\nshort)");
        FAIL() << "accepted a short literal";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Protocol);
    }
}

TEST(HostileMail, EightBitJunkFromTheServerBecomesUtf8InTheIndex) {
    const std::string fetch =
        "* 1 FETCH (UID 9 FLAGS (\\Seen k\xe9yword) ENVELOPE (\"Fri, 27 Nov 2026 08:00:00 +0000\" \"subj\xe9\" "
        "((\"N\xe9\" NIL \"m\xe9\" \"ex\xe9.org\")) NIL NIL NIL NIL NIL \"<irt\xe9>\" \"<id\xe9@x>\") "
        "BODYSTRUCTURE (\"TEXT\" \"PL\xc4IN\" (\"CHARSET\" \"\xff\") \"<c\xe9>\" NIL \"8B\xc9T\" 3 1 NIL NIL NIL NIL))";
    auto m = petrel::net::summaryFromFetch(petrel::net::parseImapResponse(fetch));
    ASSERT_TRUE(m);
    for (const std::string* f : {&m->subject, &m->from, &m->messageId, &m->inReplyTo, &m->keywords, &m->bodyStructure})
        EXPECT_TRUE(isValidUtf8(*f)) << *f;
    EXPECT_EQ(m->messageId, "<idé@x>");
    EXPECT_EQ(m->from, "Né <mé@exé.org>");
}
