// mailto: links as the desktop passes them to `petrel %u` (RFC 6068).
#include <gtest/gtest.h>

#include "mime/MailtoUrl.h"
#include "model/Error.h"

using petrel::mime::MailtoUrl;
using petrel::model::Error;
using petrel::model::ErrorKind;
using Strings = std::vector<std::string>;

TEST(MailtoUrlTest, AddressSubjectCcAndBody) {
    const auto url = MailtoUrl::parse("mailto:alice@example.com?subject=Hi&cc=b@c&body=Hello%20there");
    EXPECT_EQ(url.to, Strings{"alice@example.com"});
    EXPECT_EQ(url.cc, Strings{"b@c"});
    EXPECT_TRUE(url.bcc.empty());
    EXPECT_EQ(url.subject, "Hi");
    EXPECT_EQ(url.body, "Hello there");
}

TEST(MailtoUrlTest, SeveralAddressesFromPathAndFields) {
    const auto url = MailtoUrl::parse("mailto:a@x.org,b@y.org?to=c@z.org&TO=d@z.org,e@z.org&bcc=f@z.org&Cc=g@z.org");
    EXPECT_EQ(url.to, (Strings{"a@x.org", "b@y.org", "c@z.org", "d@z.org", "e@z.org"}));
    EXPECT_EQ(url.cc, Strings{"g@z.org"});
    EXPECT_EQ(url.bcc, Strings{"f@z.org"});
}

TEST(MailtoUrlTest, PercentDecodesUtf8AndKeepsPlus) {
    // RFC 6068 §6 example: "coffee" with a "ü" and an "ö" in the subject, UTF-8 percent-encoded.
    const auto url = MailtoUrl::parse("mailto:user@example.org?subject=caf%C3%A9%20%C3%BC%C3%B6&body=1+1%3D2");
    EXPECT_EQ(url.subject, "caf\xc3\xa9 \xc3\xbc\xc3\xb6");
    EXPECT_EQ(url.body, "1+1=2");
}

TEST(MailtoUrlTest, BodyLineEndsBecomeNewlines) {
    const auto url = MailtoUrl::parse("mailto:x@y.z?body=line%20one%0D%0Aline%20two%0Athree");
    EXPECT_EQ(url.body, "line one\nline two\nthree");
}

TEST(MailtoUrlTest, EncodedAddressWithNameAndComma) {
    // The comma inside the quoted name is escaped, so it does not split the list.
    const auto url = MailtoUrl::parse("mailto:?to=%22Doe%2C%20Jane%22%20%3Cjane@example.com%3E,bob@example.com");
    EXPECT_EQ(url.to, (Strings{"\"Doe, Jane\" <jane@example.com>", "bob@example.com"}));
}

TEST(MailtoUrlTest, InReplyToIsKeptUnsafeHeadersAreIgnored) {
    const auto url = MailtoUrl::parse(
        "mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E&from=evil@example.com"
        "&X-Mailer=x&Received=y&keywords=z");
    EXPECT_EQ(url.inReplyTo, "<3469A91.D10AF4C@example.com>");
    EXPECT_EQ(url.to, Strings{"list@example.org"});
    EXPECT_TRUE(url.cc.empty());
    EXPECT_EQ(url.subject, "");
    EXPECT_EQ(url.body, "");
}

TEST(MailtoUrlTest, SchemeIsCaseInsensitiveAndEmptyPartsAreSkipped) {
    EXPECT_TRUE(MailtoUrl::isMailto("MailTo:a@b"));
    EXPECT_FALSE(MailtoUrl::isMailto("http://a"));
    EXPECT_FALSE(MailtoUrl::isMailto("mail"));
    const auto url = MailtoUrl::parse("MAILTO:a@b.c,,?&&subject=&novalue&body=x");
    EXPECT_EQ(url.to, Strings{"a@b.c"});
    EXPECT_EQ(url.body, "x");
}

TEST(MailtoUrlTest, SubjectLineBreaksCannotInjectHeaders) {
    const auto url = MailtoUrl::parse("mailto:a@b.c?subject=Hi%0D%0ABcc:%20spy@evil.example");
    EXPECT_EQ(url.subject.find('\n'), std::string::npos);
    EXPECT_EQ(url.subject.find('\r'), std::string::npos);
    EXPECT_TRUE(url.bcc.empty());
}

TEST(MailtoUrlTest, MalformedLinksAreUsageErrors) {
    for (const char* bad : {"http://example.com", "mailto:a@b?subject=%E", "mailto:a@b?subject=%ZZ",
                            "mailto:a@b?body=%C3%28", "mailto:a@b?subject=%ED%A0%80"}) {
        try {
            MailtoUrl::parse(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Usage) << bad;
        }
    }
}
