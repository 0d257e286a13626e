#include "net/WireCounter.h"

#include <vmime/platform.hpp>

#include "net/CountingSocket.h"
#include "net/VmimePlatform.h"

namespace petrel::net {

std::shared_ptr<WireCounter> WireCounter::make(std::shared_ptr<vmime::net::socketFactory> transport) {
    if (!transport) {
        VmimePlatform::ensureInitialized();
        transport = vmime::platform::getHandler()->getSocketFactory();
    }
    return std::shared_ptr<WireCounter>(new WireCounter(std::move(transport)));
}

WireCounter::WireCounter(std::shared_ptr<vmime::net::socketFactory> transport)
    : transport_(std::move(transport)) {}

vmime::shared_ptr<vmime::net::socket> WireCounter::create() {
    return std::make_shared<CountingSocket>(transport_->create(), shared_from_this());
}

vmime::shared_ptr<vmime::net::socket> WireCounter::create(vmime::shared_ptr<vmime::net::timeoutHandler> th) {
    return std::make_shared<CountingSocket>(transport_->create(th), shared_from_this());
}

WireBytes WireCounter::snapshot() const noexcept {
    return {sent_.load(std::memory_order_relaxed), received_.load(std::memory_order_relaxed)};
}

}  // namespace petrel::net
