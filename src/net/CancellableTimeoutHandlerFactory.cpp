#include "net/CancellableTimeoutHandlerFactory.h"

#include "net/CancellableTimeoutHandler.h"

namespace petrel::net {

CancellableTimeoutHandlerFactory::CancellableTimeoutHandlerFactory(std::chrono::milliseconds timeout,
                                                                   std::function<bool()> isCancelled)
    : timeout_(timeout), isCancelled_(std::move(isCancelled)) {}

vmime::shared_ptr<vmime::net::timeoutHandler> CancellableTimeoutHandlerFactory::create() {
    return std::make_shared<CancellableTimeoutHandler>(timeout_, isCancelled_, state_);
}

}  // namespace petrel::net
