#pragma once
#include <atomic>
#include <memory>
#include <vmime/net/socket.hpp>

#include "net/WireBytes.h"

namespace petrel::net {

// A socketFactory that counts every byte its sockets move: install it (directly, or under a
// TlsSocketFactory) with service->setSocketFactory. Its sockets are the lowest layer, the TCP
// connection itself, so TLS records, handshakes and STARTTLS dialogues are all counted: the
// figure a metered link bills.
//
// One counter per account is the intended use; it may be shared by several connections and
// threads (atomic counters). Read snapshot() before and after an operation for its cost.
class WireCounter : public vmime::net::socketFactory, public std::enable_shared_from_this<WireCounter> {
public:
    // transport: where real sockets come from; default = vmime's platform socket factory.
    static std::shared_ptr<WireCounter> make(std::shared_ptr<vmime::net::socketFactory> transport = nullptr);

    vmime::shared_ptr<vmime::net::socket> create() override;
    vmime::shared_ptr<vmime::net::socket> create(vmime::shared_ptr<vmime::net::timeoutHandler> th) override;

    WireBytes snapshot() const noexcept;

    void addSent(std::uint64_t n) noexcept { sent_.fetch_add(n, std::memory_order_relaxed); }
    void addReceived(std::uint64_t n) noexcept { received_.fetch_add(n, std::memory_order_relaxed); }

private:
    explicit WireCounter(std::shared_ptr<vmime::net::socketFactory> transport);

    std::shared_ptr<vmime::net::socketFactory> transport_;
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> received_{0};
};

}  // namespace petrel::net
