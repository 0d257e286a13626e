#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vmime/net/socket.hpp>

namespace petrel::net {

// RFC 4978 COMPRESS=DEFLATE: a socket that speaks raw deflate (zlib, windowBits -15) over the
// socket it wraps. Every write is compressed and flushed with Z_SYNC_FLUSH so the peer can
// act on it at once; incoming bytes are inflated as they arrive (a partial frame simply yields
// nothing yet). Whatever lies below (TLS, the WireCounter's TCP socket) sees compressed bytes,
// so the wire counters keep counting what the link really carries.
//
// `alreadyReceived`: compressed bytes the caller read from the inner socket before switching
// (read past the tagged OK of COMPRESS); they are inflated first.
//
// A corrupt stream throws model::Error(Protocol). One thread only, like every vmime socket.
class DeflateSocket : public vmime::net::socket {
public:
    explicit DeflateSocket(vmime::shared_ptr<vmime::net::socket> inner, std::string alreadyReceived = {});
    ~DeflateSocket() override;
    DeflateSocket(const DeflateSocket&) = delete;
    DeflateSocket& operator=(const DeflateSocket&) = delete;

    void connect(const vmime::string& address, vmime::port_t port) override;
    void disconnect() override;
    bool isConnected() const override;
    bool waitForRead(int msecs = 30000) override;
    bool waitForWrite(int msecs = 30000) override;
    void receive(vmime::string& buffer) override;
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override;
    void send(const vmime::string& buffer) override;
    void send(const char* str) override;
    void sendRaw(const vmime::byte_t* buffer, size_t count) override;
    // Compresses and sends everything (a partial compressed write would break the stream).
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override;
    size_t getBlockSize() const override;
    unsigned int getStatus() const override;
    const vmime::string getPeerName() const override;
    const vmime::string getPeerAddress() const override;
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override;
    void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override;
    vmime::shared_ptr<vmime::net::tracer> getTracer() override;

    const vmime::shared_ptr<vmime::net::socket>& inner() const { return inner_; }
    // Totals of this stream: plain bytes vs. bytes that crossed the inner socket.
    std::uint64_t plainReceived() const { return plainIn_; }
    std::uint64_t compressedReceived() const { return compressedIn_; }
    std::uint64_t plainSent() const { return plainOut_; }
    std::uint64_t compressedSent() const { return compressedOut_; }

private:
    struct Streams;
    // Inflates `n` compressed bytes into pending_.
    void inflateInput(const char* data, std::size_t n);
    // Reads from the inner socket until some plain bytes are pending or nothing is available.
    bool fillPending();

    vmime::shared_ptr<vmime::net::socket> inner_;
    std::unique_ptr<Streams> z_;
    std::string pending_;  // inflated, not yet handed out
    std::size_t pendingPos_ = 0;
    std::uint64_t plainIn_ = 0, compressedIn_ = 0, plainOut_ = 0, compressedOut_ = 0;
};

}  // namespace petrel::net
