// Our IMAP tokenizer, response reader, FETCH → summary, BODYSTRUCTURE → parts, modified UTF-7.
#include <gtest/gtest.h>

#include <algorithm>

#include "mime/BodyStructure.h"
#include "model/Error.h"
#include "mime/ModifiedUtf7.h"
#include "net/ImapBodyStructure.h"
#include "net/ImapCommand.h"
#include "net/ImapFetchParser.h"
#include "net/ImapResponse.h"
#include "net/ImapResponseReader.h"
#include "sync/ImapMessageReader.h"
#include "sync/ImapSearchQuery.h"

using namespace petrel;

TEST(ImapParser, StatusResponseWithCode) {
    auto r = net::parseImapResponse("* OK [UIDVALIDITY 3857529045] UIDs valid");
    EXPECT_EQ(r.type, net::ImapResponse::Type::Untagged);
    EXPECT_EQ(r.name, "OK");
    ASSERT_TRUE(r.code.isList());
    EXPECT_EQ(r.code[0].str(), "UIDVALIDITY");
    EXPECT_EQ(r.code[1].number(), 3857529045u);
    EXPECT_EQ(r.text, "UIDs valid");
    auto t = net::parseImapResponse("p7 NO [NONEXISTENT] Mailbox doesn't exist: (x \"");
    EXPECT_EQ(t.tag, "p7");
    EXPECT_EQ(t.name, "NO");
    EXPECT_EQ(t.code[0].str(), "NONEXISTENT");
}

TEST(ImapParser, FetchWithLiteralsNilAndSections) {
    std::string raw =
        "* 12 FETCH (UID 4827 FLAGS (\\Seen $Forwarded) RFC822.SIZE 44827 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
        "ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" {11}\r\nIMAP4rev1 \\ ((\"Terry \\\"G\\\"\" NIL \"gray\" "
        "\"cac.washington.edu\")) NIL NIL ((NIL NIL \"imap\" \"cac.washington.edu\")) NIL NIL NIL \"<B27397-0100000@cac>\") "
        "BODY[HEADER.FIELDS (REFERENCES)] {25}\r\nReferences: <a@b> <c@d>\r\n)";
    auto r = net::parseImapResponse(raw);
    EXPECT_EQ(r.name, "FETCH");
    EXPECT_EQ(r.number, 12u);
    auto m = net::summaryFromFetch(r);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->uid, 4827u);
    EXPECT_EQ(m->flags, model::FlagSeen | model::FlagForwarded);
    EXPECT_EQ(m->size, 44827u);
    EXPECT_EQ(m->subject, "IMAP4rev1 \\");
    EXPECT_EQ(m->from, "Terry \"G\" <gray@cac.washington.edu>");
    EXPECT_EQ(m->to, "imap@cac.washington.edu");
    EXPECT_EQ(m->messageId, "<B27397-0100000@cac>");
    EXPECT_EQ(m->references, "<a@b> <c@d>");
    EXPECT_EQ(m->internalDate, 837596665);
    EXPECT_EQ(m->date, 837595405);
}

TEST(ImapParser, MalformedInputThrowsInsteadOfCrashing) {
    EXPECT_THROW(net::parseImapResponse("* 1 FETCH (UID 1 FLAGS (\\Seen)"), model::Error);
    EXPECT_THROW(net::parseImapResponse("* 1 FETCH (X {99}\r\nshort)"), model::Error);
    EXPECT_NO_THROW(net::parseImapResponse("* 3 EXISTS"));
}

TEST(ImapParser, ReaderJoinsLiteralsAcrossReads) {
    std::string stream = "* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\np1 OK done\r\n";
    std::size_t pos = 0;
    net::ImapResponseReader reader([&](char* b, std::size_t n) {
        const std::size_t k = std::min<std::size_t>({n, 3, stream.size() - pos});
        std::copy_n(stream.data() + pos, k, b);
        pos += k;
        return k;
    });
    auto first = net::parseImapResponse(reader.next());
    EXPECT_EQ(first.data[0].get("BODY[]")->str(), "ab\r\nc");
    EXPECT_EQ(net::parseImapResponse(reader.next()).tag, "p1");
}

TEST(ImapParser, CommandUsesLiteralsForUtf8) {
    net::ImapCommand cmd("UID SEARCH CHARSET UTF-8");
    cmd.add("SUBJECT").addString("Grüße").add("FROM").addString("a \"b\"");
    ASSERT_EQ(cmd.pieces().size(), 2u);
    EXPECT_TRUE(cmd.pieces()[0].hasLiteral);
    EXPECT_EQ(cmd.pieces()[0].literal, "Grüße");
    EXPECT_EQ(cmd.pieces()[1].text, " FROM \"a \\\"b\\\"\"");
}

TEST(BodyStructure, NestedMultipartSectionsAndNames) {
    auto v = net::parseImapValues(
        "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 120 4 NIL NIL NIL)"
        "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"base64\" 300 5 NIL NIL NIL) \"alternative\")"
        "(\"image\" \"png\" (\"name\" \"a.png\") \"<img1@x>\" NIL \"base64\" 2000 NIL (\"inline\" NIL) NIL)"
        "(\"application\" \"pdf\" (\"name\" \"=?utf-8?q?Gr=C3=BC=C3=9Fe.pdf?=\") NIL NIL \"base64\" 9000 NIL "
        "(\"attachment\" (\"filename*\" \"utf-8''Handbuch%20f%C3%BCr.pdf\")) NIL) \"mixed\")");
    ASSERT_EQ(v.size(), 1u);
    auto parts = net::partsFromBodyStructure(v[0]);
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_EQ(parts[0].section, "1.1");
    EXPECT_EQ(parts[0].mimeType, "text/plain");
    EXPECT_EQ(parts[0].charset, "utf-8");
    EXPECT_EQ(parts[1].section, "1.2");
    EXPECT_EQ(parts[2].section, "2");
    EXPECT_TRUE(parts[2].isInline);
    EXPECT_FALSE(parts[2].attachment);
    EXPECT_EQ(parts[2].contentId, "img1@x");
    EXPECT_EQ(parts[3].section, "3");
    EXPECT_TRUE(parts[3].attachment);
    EXPECT_EQ(parts[3].fileName, "Handbuch für.pdf");
    EXPECT_EQ(parts[3].size, 9000u);
    auto back = mime::parseParts(mime::serializeParts(parts));
    ASSERT_EQ(back.size(), 4u);
    EXPECT_EQ(back[3].fileName, "Handbuch für.pdf");
    EXPECT_EQ(mime::displayablePart(back)->section, "1.1");
    EXPECT_TRUE(mime::hasAttachment(back));
}

TEST(BodyStructure, SinglePartIsSectionOne) {
    auto v = net::parseImapValues("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"iso-8859-1\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)");
    auto parts = net::partsFromBodyStructure(v[0]);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].section, "1");
    EXPECT_EQ(parts[0].mimeType, "text/plain");
    EXPECT_EQ(parts[0].charset, "iso-8859-1");
}

TEST(ModifiedUtf7, RoundTrips) {
    EXPECT_EQ(mime::encodeModifiedUtf7("Entwürfe"), "Entw&APw-rfe");
    EXPECT_EQ(mime::encodeModifiedUtf7("日本語/Notizen"), "&ZeVnLIqe-/Notizen");
    EXPECT_EQ(mime::encodeModifiedUtf7("Q&A"), "Q&-A");
    for (std::string s : {"Entwürfe", "日本語/Notizen", "Q&A", "INBOX", "😀 emoji", "a&b&c"})
        EXPECT_EQ(mime::decodeModifiedUtf7(mime::encodeModifiedUtf7(s)), s);
    EXPECT_EQ(mime::decodeModifiedUtf7("&Jjo-!"), "☺!");
}

TEST(ImapSearch, QuerySyntax) {
    auto q = sync::parseSearchQuery("from:alice subject:\"x y\" since:2025-01-01 unseen hello");
    ASSERT_EQ(q.terms.size(), 3u);
    EXPECT_EQ(q.terms[1].second, "x y");
    EXPECT_TRUE(q.unseen);
    EXPECT_EQ(*q.since, 1735689600);
    EXPECT_EQ(q.command().describe(),
              "UID SEARCH CHARSET UTF-8 FROM \"alice\" SUBJECT \"x y\" TEXT \"hello\" SINCE 1-Jan-2025 UNSEEN");
    EXPECT_EQ(q.localText(), "alice x y hello");
    EXPECT_THROW(sync::parseSearchQuery("since:yesterday"), model::Error);
}

TEST(ImapReader, StreamingDecoderCarriesPartialGroups) {
    sync::StreamingDecoder b64("base64");
    std::string out = b64.feed("SGVsbG8", false);
    out += b64.feed("sIHdvcmxk\r\n", true);
    EXPECT_EQ(out, "Hello, world");
    sync::StreamingDecoder qp("quoted-printable");
    std::string q = qp.feed("Gr=C3=BC=", false);
    q += qp.feed("C3=9Fe\r\n", true);
    EXPECT_EQ(q, "Grüße\r\n");
    EXPECT_EQ(sync::trimIncompleteUtf8("ab\xC3"), "ab");
}
