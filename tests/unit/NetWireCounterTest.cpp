#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <thread>

#include "NetTestSupport.h"
#include "net/CancellableTimeoutHandlerFactory.h"
#include "net/VmimePlatform.h"
#include "net/WireCounter.h"

using petrel::net::WireBytes;
using petrel::net::WireCounter;
using petrel::nettest::LoopbackServer;
using petrel::nettest::ServerConn;

namespace {

// A scripted socket: what the test queued is "received", what is sent is recorded.
class ScriptedSocket : public vmime::net::socket {
public:
    std::deque<std::string> incoming;
    std::string sent;

    void connect(const vmime::string&, vmime::port_t) override { connected_ = true; }
    void disconnect() override { connected_ = false; }
    bool isConnected() const override { return connected_; }
    bool waitForRead(int) override { return !incoming.empty(); }
    bool waitForWrite(int) override { return true; }
    void receive(vmime::string& buffer) override {
        buffer.clear();
        if (!incoming.empty()) {
            buffer = incoming.front();
            incoming.pop_front();
        }
    }
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override {
        if (incoming.empty()) return 0;
        std::string& front = incoming.front();
        const size_t n = std::min(count, front.size());
        std::memcpy(buffer, front.data(), n);
        front.erase(0, n);
        if (front.empty()) incoming.pop_front();
        return n;
    }
    void send(const vmime::string& buffer) override { sent += buffer; }
    void send(const char* str) override { sent += str; }
    void sendRaw(const vmime::byte_t* buffer, size_t count) override {
        sent.append(reinterpret_cast<const char*>(buffer), count);
    }
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override {
        sendRaw(buffer, count / 2);  // a partial write
        return count / 2;
    }
    size_t getBlockSize() const override { return 1024; }
    unsigned int getStatus() const override { return 0; }
    const vmime::string getPeerName() const override { return "scripted"; }
    const vmime::string getPeerAddress() const override { return "0.0.0.0"; }
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override { return nullptr; }
    void setTracer(vmime::shared_ptr<vmime::net::tracer>) override {}
    vmime::shared_ptr<vmime::net::tracer> getTracer() override { return nullptr; }

private:
    bool connected_ = false;
};

class ScriptedFactory : public vmime::net::socketFactory {
public:
    std::shared_ptr<ScriptedSocket> last;
    vmime::shared_ptr<vmime::net::socket> create() override {
        return last = std::make_shared<ScriptedSocket>();
    }
    vmime::shared_ptr<vmime::net::socket> create(vmime::shared_ptr<vmime::net::timeoutHandler>) override {
        return create();
    }
};

}  // namespace

TEST(NetWireCounter, CountsEveryPathThroughTheSocket) {
    auto transport = std::make_shared<ScriptedFactory>();
    auto counter = WireCounter::make(transport);
    auto sock = counter->create();
    transport->last->incoming = {"* OK hello\r\n", "0123456789"};

    const WireBytes before = counter->snapshot();
    sock->connect("x", 1);
    vmime::string line;
    sock->receive(line);  // 12 bytes
    vmime::byte_t buf[4];
    EXPECT_EQ(sock->receiveRaw(buf, sizeof buf), 4u);
    sock->send(std::string("a1 NOOP\r\n"));  // 9
    sock->send("abc");                       // 3
    const vmime::byte_t raw[5] = {1, 2, 3, 4, 5};
    sock->sendRaw(raw, 5);                            // 5
    EXPECT_EQ(sock->sendRawNonBlocking(raw, 4), 2u);  // 2: only what really went out
    const WireBytes used = counter->snapshot() - before;
    EXPECT_EQ(used.received, 16u);
    EXPECT_EQ(used.sent, 19u);
    EXPECT_EQ(used.total(), 35u);
    EXPECT_EQ(transport->last->sent.size(), 19u);
}

TEST(NetWireCounter, SnapshotsAreDeltasAcrossSocketsAndThreads) {
    auto transport = std::make_shared<ScriptedFactory>();
    auto counter = WireCounter::make(transport);
    const WireBytes start = counter->snapshot();
    auto work = [&] {
        auto s = counter->create();
        const vmime::byte_t b[10] = {};
        for (int i = 0; i < 1000; ++i) s->sendRaw(b, 10);
    };
    std::thread t1(work), t2(work);
    t1.join();
    t2.join();
    EXPECT_EQ((counter->snapshot() - start).sent, 20'000u);
    EXPECT_EQ((counter->snapshot() - start).received, 0u);
}

TEST(NetWireCounter, CountsARealTcpConnection) {
    petrel::net::VmimePlatform::ensureInitialized();
    LoopbackServer server([](ServerConn& c) {
        c.write("+OK hello\r\n");
        const std::string line = c.readLine();
        c.write("+OK got " + line + "\r\n");
        c.readLine();  // until the client closes
    });
    auto counter = WireCounter::make();  // vmime's POSIX sockets underneath
    petrel::net::CancellableTimeoutHandlerFactory timeouts(std::chrono::seconds(5), nullptr);
    auto sock = counter->create(timeouts.create());
    sock->connect("127.0.0.1", server.port());
    std::string got;
    auto readLine = [&] {
        got.clear();
        while (got.find('\n') == std::string::npos) {
            vmime::string chunk;
            sock->receive(chunk);
            if (chunk.empty()) sock->waitForRead(100);
            got += chunk;
        }
    };
    readLine();
    EXPECT_EQ(got, "+OK hello\r\n");
    sock->send("STAT\r\n");
    readLine();
    EXPECT_EQ(got, "+OK got STAT\r\n");
    sock->disconnect();
    EXPECT_EQ(counter->snapshot().sent, 6u);
    EXPECT_EQ(counter->snapshot().received, 11u + 14u);
}
