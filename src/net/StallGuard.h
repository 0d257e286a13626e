#pragma once
#include <chrono>
#include <cstddef>
#include <optional>

namespace petrel::net {

// Ends a reply that drips: once a reply has begun, at least kMinBytesPerWindow must arrive per
// window, or arrived() throws ErrorKind::Network. A server sending a byte at a time resets a plain
// silence timeout forever; this bounds it. idle() marks the gap between replies, where silence
// (IDLE, a slow command) is allowed. A zero window turns the guard off.
class StallGuard {
public:
    static constexpr std::size_t kMinBytesPerWindow = 1024;

    explicit StallGuard(std::chrono::milliseconds window) : window_(window) {}

    void arrived(std::size_t n);
    void idle() { windowStart_.reset(); }

private:
    std::chrono::milliseconds window_;
    std::optional<std::chrono::steady_clock::time_point> windowStart_;
    std::size_t windowBytes_ = 0;
};

}  // namespace petrel::net
