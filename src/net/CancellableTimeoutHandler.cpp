#include "net/CancellableTimeoutHandler.h"

namespace petrel::net {

CancellableTimeoutHandler::CancellableTimeoutHandler(std::chrono::milliseconds timeout,
                                                     std::function<bool()> isCancelled,
                                                     std::shared_ptr<InterruptState> state)
    : timeout_(timeout),
      isCancelled_(std::move(isCancelled)),
      state_(std::move(state)),
      last_(std::chrono::steady_clock::now()) {}

bool CancellableTimeoutHandler::isTimeOut() {
    if (isCancelled_ && isCancelled_()) {
        state_->cancelled = true;
        return true;
    }
    return std::chrono::steady_clock::now() - last_ >= timeout_ || state_->pastDeadline();
}

void CancellableTimeoutHandler::resetTimeOut() {
    last_ = std::chrono::steady_clock::now();
}

bool CancellableTimeoutHandler::handleTimeOut() {
    if (!state_->cancelled) state_->timedOut = true;
    return false;  // never "keep waiting": the caller retries with a fresh connection if it wants
}

}  // namespace petrel::net
