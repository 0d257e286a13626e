// The POP3 response reader that replaces vmime's (DESIGN §4: no dot-unstuffing, final CRLF lost).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "net/Pop3Reader.h"

using petrel::net::Pop3Reader;

namespace {

// Feeds `wire` in chunks of `step` bytes; throws at the end like a closed socket.
Pop3Reader::Source chunks(std::string wire, std::size_t step) {
    auto pos = std::make_shared<std::size_t>(0);
    return [wire, step, pos]() {
        if (*pos >= wire.size()) throw std::runtime_error("closed");
        std::string c = wire.substr(*pos, step);
        *pos += c.size();
        return c;
    };
}

const std::string kMessage =
    "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\tdot tab\r\nlast line\r\n";
const std::string kWire =
    "+OK 70 octets\r\nSubject: dots\r\n\r\n..leading dot\r\n...two dots\r\n..\tdot tab\r\nlast line\r\n.\r\n"
    "+OK next\r\n";

}  // namespace

TEST(Pop3Reader, UnstuffsDotsAndKeepsTheFinalCrlfAtEveryChunkBoundary) {
    for (std::size_t step = 1; step <= kWire.size(); ++step) {
        Pop3Reader r(chunks(kWire, step));
        EXPECT_EQ(r.readLine(), "+OK 70 octets");
        EXPECT_EQ(r.readMultiline(), kMessage) << "chunk size " << step;
        EXPECT_EQ(r.readLine(), "+OK next");
    }
}

TEST(Pop3Reader, EmptyBodyAndStatus) {
    Pop3Reader r(chunks("+OK\r\n.\r\n-ERR no such message\r\n", 3));
    EXPECT_TRUE(Pop3Reader::isOk(r.readLine()));
    EXPECT_EQ(r.readMultiline(), "");
    EXPECT_FALSE(Pop3Reader::isOk(r.readLine()));
}

TEST(Pop3Reader, ConnectionLostMidBodyThrows) {
    Pop3Reader r(chunks("+OK\r\nFrom: a\r\n", 4));
    r.readLine();
    EXPECT_THROW(r.readMultiline(), std::runtime_error);
}

TEST(Pop3Reader, LargeBodyIsLinear) {
    std::string body, wire = "+OK\r\n";
    for (int i = 0; i < 200000; ++i) {
        body += (i % 7 == 0 ? ".x\r\n" : "line of text\r\n");
        wire += (i % 7 == 0 ? "..x\r\n" : "line of text\r\n");
    }
    wire += ".\r\n";
    Pop3Reader r(chunks(wire, 16384));
    r.readLine();
    EXPECT_EQ(r.readMultiline(), body);
    EXPECT_EQ(r.bytesRead(), wire.size());
}
