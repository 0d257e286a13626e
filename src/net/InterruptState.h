#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace petrel::net {

// Why vmime's wait was interrupted; shared by every handler one factory creates, and read by
// the error mapping to tell "the user cancelled" from "the server went silent" (vmime throws
// the same operation_timed_out for both).
struct InterruptState {
    std::atomic<bool> cancelled{false};
    std::atomic<bool> timedOut{false};
    // An upper bound for a whole exchange that vmime reads itself (greeting, TLS, login, an SMTP
    // transaction): its timeout restarts on every byte, so a server dripping one byte at a time
    // could hold the connection for ever. 0 = none (our own readers enforce a minimum rate).
    std::atomic<std::int64_t> deadlineTicks{0};

    void armDeadline(std::chrono::steady_clock::duration within) {
        deadlineTicks = (std::chrono::steady_clock::now() + within).time_since_epoch().count();
    }
    void disarmDeadline() { deadlineTicks = 0; }
    bool pastDeadline() const {
        const std::int64_t at = deadlineTicks;
        return at != 0 && std::chrono::steady_clock::now().time_since_epoch().count() >= at;
    }
};

// Arms the deadline for one scope, disarmed however the scope ends.
class DeadlineScope {
public:
    DeadlineScope(InterruptState& state, std::chrono::steady_clock::duration within) : state_(state) {
        state_.armDeadline(within);
    }
    ~DeadlineScope() { state_.disarmDeadline(); }
    DeadlineScope(const DeadlineScope&) = delete;
    DeadlineScope& operator=(const DeadlineScope&) = delete;

private:
    InterruptState& state_;
};

}  // namespace petrel::net
