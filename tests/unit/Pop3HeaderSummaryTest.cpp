// parseHeaderSummary (POP3 browse) reads dates without vmime on the common path; it must agree
// with vmime's datetime, and keep the first of each field, folded and decoded as before.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vmime/vmime.hpp>

#include "mime/MessageParser.h"

namespace {

std::int64_t viaVmime(const std::string& value) {
    vmime::datetime d;
    d.parse(value);
    using namespace std::chrono;
    const auto day = sys_days(year_month_day(year(d.getYear()), month(static_cast<unsigned>(d.getMonth())),
                                             std::chrono::day(static_cast<unsigned>(d.getDay()))));
    return duration_cast<seconds>(day.time_since_epoch()).count() + d.getHour() * 3600 + d.getMinute() * 60 +
           d.getSecond() - static_cast<std::int64_t>(d.getZone()) * 60;
}

std::int64_t dateOf(const std::string& value) {
    return petrel::mime::parseHeaderSummary("Subject: x\r\nDate: " + value + "\r\n\r\n").date;
}

TEST(Pop3HeaderSummary, DatesAgreeWithVmime) {
    for (const char* v : {"Wed, 05 Mar 2025 14:03:09 +0100", "5 Mar 2025 14:03:09 -0830", "Thu, 1 Jan 1970 00:00:00 +0000",
                          "Sat, 29 Feb 2020 23:59:59 GMT", "Mon, 7 Jul 2025 08:15 +0200", "Tue, 31 Dec 2024 23:00:00 -1200",
                          "Fri, 14 Nov 2025 10:00:00 +0100 (CET)", "Sun, 02 Feb 2025 12:00:00 EST",
                          "02 Feb 99 12:00:00 +0000", "  Wed,  5 mar 2025  14:03:09  +0100"}) {
        EXPECT_EQ(dateOf(v), viaVmime(v)) << v;
    }
    EXPECT_EQ(dateOf("Wed, 05 Mar 2025 14:03:09 +0100"), 1741179789);
}

TEST(Pop3HeaderSummary, FirstFieldFoldedAndDecoded) {
    const std::string raw =
        "Received: from x\r\n  by y\r\nFROM : Alice <a@example.com>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
        " aus\r\n\tBerlin\r\nSubject: second\r\nMessage-ID: <id@x>\r\nDate: Wed, 05 Mar 2025 14:03:09 +0000\r\n\r\n"
        "To: not a header\r\n";
    auto s = petrel::mime::parseHeaderSummary(raw);
    EXPECT_EQ(s.from, "Alice <a@example.com>");
    EXPECT_EQ(s.subject, "Grüße aus Berlin");
    EXPECT_EQ(s.messageId, "<id@x>");
    EXPECT_EQ(s.to, "");
    EXPECT_EQ(s.date, 1741183389);
}

}  // namespace
