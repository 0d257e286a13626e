#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <vmime/net/timeoutHandler.hpp>

#include "net/InterruptState.h"

namespace petrel::net {

// vmime asks isTimeOut() every ~10 ms while it waits on a socket (connect, TLS, reads), which
// makes it the cancellation point of DESIGN.md §1: a cancelled job, a silent server or a
// server past the exchange's deadline (InterruptState) all stop the wait, and handleTimeOut()
// always answers "stop" (vmime then throws).
class CancellableTimeoutHandler : public vmime::net::timeoutHandler {
public:
    CancellableTimeoutHandler(std::chrono::milliseconds timeout, std::function<bool()> isCancelled,
                              std::shared_ptr<InterruptState> state);

    bool isTimeOut() override;
    void resetTimeOut() override;
    bool handleTimeOut() override;

private:
    std::chrono::milliseconds timeout_;
    std::function<bool()> isCancelled_;
    std::shared_ptr<InterruptState> state_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace petrel::net
