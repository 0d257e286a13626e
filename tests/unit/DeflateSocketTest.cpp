// DeflateSocket (RFC 4978 COMPRESS=DEFLATE) on a scripted in-memory socket pair: what one side
// writes, the other reads, in whatever pieces the test chooses.
#include <gtest/gtest.h>
#include <zlib.h>

#include <deque>
#include <random>
#include <string>

#include "model/Error.h"
#include "net/DeflateSocket.h"
#include "net/ImapResponseReader.h"

using petrel::net::DeflateSocket;

namespace {

// One end of a pipe: receiveRaw hands out at most `maxChunk` bytes of what the peer queued
// (0 = nothing yet, as a non-blocking socket does).
class ScriptedSocket : public vmime::net::socket {
public:
    std::string incoming;    // bytes waiting to be read
    std::string sent;        // everything written
    std::size_t maxChunk = 1 << 20;
    bool connected = true;

    void connect(const vmime::string&, vmime::port_t) override {}
    void disconnect() override { connected = false; }
    bool isConnected() const override { return connected; }
    bool waitForRead(int) override { return !incoming.empty(); }
    bool waitForWrite(int) override { return true; }
    void receive(vmime::string& buffer) override {
        buffer.resize(std::min(incoming.size(), maxChunk));
        buffer.resize(receiveRaw(reinterpret_cast<vmime::byte_t*>(buffer.data()), buffer.size()));
    }
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override {
        const std::size_t n = std::min({count, incoming.size(), maxChunk});
        if (buffer) std::copy_n(incoming.data(), n, reinterpret_cast<char*>(buffer));
        incoming.erase(0, n);
        return n;
    }
    void send(const vmime::string& buffer) override { sent += buffer; }
    void send(const char* str) override { sent += str; }
    void sendRaw(const vmime::byte_t* buffer, size_t count) override {
        sent.append(reinterpret_cast<const char*>(buffer), count);
    }
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override {
        sendRaw(buffer, count);
        return count;
    }
    size_t getBlockSize() const override { return 16384; }
    unsigned int getStatus() const override { return 0; }
    const vmime::string getPeerName() const override { return "scripted"; }
    const vmime::string getPeerAddress() const override { return "127.0.0.1"; }
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override { return nullptr; }
    void setTracer(vmime::shared_ptr<vmime::net::tracer>) override {}
    vmime::shared_ptr<vmime::net::tracer> getTracer() override { return nullptr; }
};

// Reads everything currently readable from a DeflateSocket.
std::string drain(DeflateSocket& s) {
    std::string out;
    char buf[777];  // odd size: exercises partial hand-outs of inflated data
    for (;;) {
        const std::size_t n = s.receiveRaw(reinterpret_cast<vmime::byte_t*>(buf), sizeof buf);
        if (n == 0) return out;
        out.append(buf, n);
    }
}

// What an independent zlib raw-deflate sender (a server) produces for each write.
struct PeerDeflater {
    z_stream z{};
    PeerDeflater() { deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY); }
    ~PeerDeflater() { deflateEnd(&z); }
    std::string write(const std::string& plain) {
        std::string out;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
        z.avail_in = static_cast<uInt>(plain.size());
        char chunk[4096];
        do {
            z.next_out = reinterpret_cast<Bytef*>(chunk);
            z.avail_out = sizeof chunk;
            deflate(&z, Z_SYNC_FLUSH);
            out.append(chunk, sizeof chunk - z.avail_out);
        } while (z.avail_out == 0 || z.avail_in > 0);
        return out;
    }
};

std::string peerInflate(const std::string& compressed) {
    z_stream z{};
    inflateInit2(&z, -15);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char chunk[4096];
    int rc;
    do {
        z.next_out = reinterpret_cast<Bytef*>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_SYNC_FLUSH);
        out.append(chunk, sizeof chunk - z.avail_out);
    } while (rc == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
    inflateEnd(&z);
    return out;
}

}  // namespace

TEST(DeflateSocket, RoundTripBetweenTwoSockets) {
    auto wireA = vmime::make_shared<ScriptedSocket>();
    auto wireB = vmime::make_shared<ScriptedSocket>();
    DeflateSocket a(wireA), b(wireB);
    a.send("p1 NOOP\r\n");
    // Z_SYNC_FLUSH per write: the peer can read the command without anything else following.
    ASSERT_GE(wireA->sent.size(), 4u);
    EXPECT_EQ(wireA->sent.compare(wireA->sent.size() - 4, 4, std::string("\0\0\xff\xff", 4)), 0);
    wireB->incoming = wireA->sent;
    EXPECT_EQ(drain(b), "p1 NOOP\r\n");
    b.send(std::string("* OK still here\r\np1 OK NOOP completed\r\n"));
    wireA->incoming = wireB->sent;
    vmime::string got;
    a.receive(got);
    EXPECT_EQ(got, "* OK still here\r\np1 OK NOOP completed\r\n");
    const std::size_t before = wireA->sent.size();
    a.send("p2 NOOP\r\n");
    wireB->incoming = wireA->sent.substr(before);
    EXPECT_EQ(drain(b), "p2 NOOP\r\n");
    EXPECT_EQ(a.plainSent(), 18u);
    EXPECT_EQ(a.compressedSent(), wireA->sent.size());
}

TEST(DeflateSocket, InflatesPartialFramesOneByteAtATime) {
    PeerDeflater server;
    auto wire = vmime::make_shared<ScriptedSocket>();
    wire->maxChunk = 1;
    DeflateSocket s(wire);
    const std::string plain = "* 1 FETCH (UID 7 FLAGS (\\Seen))\r\np3 OK done\r\n";
    wire->incoming = server.write(plain);
    std::string got;
    char c;
    // Every call reads at most one compressed byte below; it yields a byte or nothing yet.
    for (int i = 0; i < 10000 && got.size() < plain.size(); ++i) {
        if (s.receiveRaw(reinterpret_cast<vmime::byte_t*>(&c), 1) == 1) got.push_back(c);
    }
    EXPECT_EQ(got, plain);
    EXPECT_EQ(s.receiveRaw(reinterpret_cast<vmime::byte_t*>(&c), 1), 0u);
}

TEST(DeflateSocket, BytesReadBeforeTheSwitchAreInflatedFirst) {
    PeerDeflater server;
    std::string compressed = server.write("* OK first\r\n");
    compressed += server.write("* OK second\r\n");
    auto wire = vmime::make_shared<ScriptedSocket>();
    const std::size_t split = compressed.size() / 2 + 3;
    wire->incoming = compressed.substr(split);
    DeflateSocket s(wire, compressed.substr(0, split));
    EXPECT_TRUE(s.waitForRead(0));
    EXPECT_EQ(drain(s), "* OK first\r\n* OK second\r\n");
}

TEST(DeflateSocket, LargeLiteralThroughTheResponseReader) {
    // A 3 MB literal of mixed compressible / random bytes, read in 1000-byte wire pieces by the
    // same ImapResponseReader the session uses.
    std::mt19937 rng(42);
    std::string literal;
    while (literal.size() < 3 * 1024 * 1024) {
        if (rng() % 2) {
            literal += "Subject: the same line again and again, compressible\r\n";
        } else {
            for (int i = 0; i < 64; ++i) literal.push_back(static_cast<char>(rng()));
        }
    }
    PeerDeflater server;
    auto wire = vmime::make_shared<ScriptedSocket>();
    wire->maxChunk = 1000;
    wire->incoming = server.write("* 1 FETCH (UID 1 BODY[] {" + std::to_string(literal.size()) + "}\r\n");
    wire->incoming += server.write(literal);
    wire->incoming += server.write(")\r\np9 OK FETCH done\r\n");
    auto s = vmime::make_shared<DeflateSocket>(wire);
    petrel::net::ImapResponseReader reader([&](char* b, std::size_t n) {
        const std::size_t got = s->receiveRaw(reinterpret_cast<vmime::byte_t*>(b), n);
        if (got == 0 && wire->incoming.empty()) throw std::runtime_error("stream ended");
        return got;
    });
    const std::string first = reader.next();
    const std::string head = "* 1 FETCH (UID 1 BODY[] {" + std::to_string(literal.size()) + "}\r\n";
    ASSERT_EQ(first.size(), head.size() + literal.size() + 1);
    EXPECT_EQ(first.substr(0, head.size()), head);
    EXPECT_TRUE(first.compare(head.size(), literal.size(), literal) == 0);
    EXPECT_EQ(reader.next(), "p9 OK FETCH done");
    EXPECT_EQ(s->plainReceived(), head.size() + literal.size() + 21);

    // And the other direction: a 3 MB APPEND literal written in one call.
    auto out = vmime::make_shared<ScriptedSocket>();
    DeflateSocket c(out);
    c.send(literal);
    EXPECT_EQ(peerInflate(out->sent), literal);
}

TEST(DeflateSocket, CorruptStreamThrowsProtocolError) {
    auto wire = vmime::make_shared<ScriptedSocket>();
    wire->incoming = std::string("\xff\xff\xff\xff garbage", 13);
    DeflateSocket s(wire);
    char buf[64];
    try {
        s.receiveRaw(reinterpret_cast<vmime::byte_t*>(buf), sizeof buf);
        FAIL() << "no error";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Protocol);
    }
}
