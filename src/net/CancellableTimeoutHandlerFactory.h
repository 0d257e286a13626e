#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <vmime/net/timeoutHandler.hpp>

#include "net/InterruptState.h"

namespace petrel::net {

// Gives vmime one CancellableTimeoutHandler per connection, all sharing the job's
// cancellation hook, the network timeout and one InterruptState.
class CancellableTimeoutHandlerFactory : public vmime::net::timeoutHandlerFactory {
public:
    CancellableTimeoutHandlerFactory(std::chrono::milliseconds timeout, std::function<bool()> isCancelled);

    vmime::shared_ptr<vmime::net::timeoutHandler> create() override;

    const std::shared_ptr<InterruptState>& state() const noexcept { return state_; }

private:
    std::chrono::milliseconds timeout_;
    std::function<bool()> isCancelled_;
    std::shared_ptr<InterruptState> state_ = std::make_shared<InterruptState>();
};

}  // namespace petrel::net
