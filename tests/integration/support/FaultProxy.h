#pragma once
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "support/LoopbackListener.h"

namespace petrel::testing {

// A TCP proxy on 127.0.0.1 in front of a real server that can cut a connection after a given
// number of bytes in one direction. The cut forwards exactly `offset` bytes of that direction,
// then closes the client's socket; towards the server it half-closes and drains until the
// server ends the session, so once waitIdle() returns the server has finished with it.
class FaultProxy {
public:
    enum class Direction { ToServer = 0, ToClient = 1 };

    explicit FaultProxy(std::uint16_t target);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    std::uint16_t port() const { return listener_->port(); }
    // The next connection made is cut after `offset` bytes travelled in `direction` (counted
    // over that connection only); later connections pass untouched. offset 0 disarms.
    void arm(Direction direction, std::uint64_t offset);
    // Whether the armed cut happened (since the last arm()).
    bool fired() const;
    // Bytes forwarded per direction since the last arm() or resetCounts(), over all connections.
    std::array<std::uint64_t, 2> bytes() const;
    void resetCounts();
    bool waitIdle(std::chrono::milliseconds timeout = std::chrono::seconds(20));

private:
    void accept(int client);
    void forward(int client, bool armed, Direction direction, std::uint64_t offset);

    std::uint16_t target_;
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    int active_ = 0;
    bool armed_ = false;
    bool fired_ = false;
    Direction direction_ = Direction::ToServer;
    std::uint64_t offset_ = 0;
    std::array<std::uint64_t, 2> bytes_{0, 0};
    std::unique_ptr<LoopbackListener> listener_;
};

}  // namespace petrel::testing
