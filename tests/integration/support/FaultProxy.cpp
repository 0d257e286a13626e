#include "support/FaultProxy.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <utility>

namespace petrel::testing {

FaultProxy::FaultProxy(std::uint16_t target)
    : target_(target), listener_(std::make_unique<LoopbackListener>([this](int fd) { accept(fd); })) {}

FaultProxy::~FaultProxy() {
    listener_.reset();
    waitIdle(std::chrono::seconds(30));
}

void FaultProxy::arm(Direction direction, std::uint64_t offset) {
    std::lock_guard lock(mutex_);
    armed_ = offset > 0;
    fired_ = false;
    direction_ = direction;
    offset_ = offset;
    bytes_ = {0, 0};
}

bool FaultProxy::fired() const {
    std::lock_guard lock(mutex_);
    return fired_;
}

std::array<std::uint64_t, 2> FaultProxy::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

void FaultProxy::resetCounts() {
    std::lock_guard lock(mutex_);
    bytes_ = {0, 0};
}

bool FaultProxy::waitIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return active_ == 0; });
}

void FaultProxy::accept(int client) {
    bool armed;
    Direction direction;
    std::uint64_t offset;
    {
        std::lock_guard lock(mutex_);
        ++active_;
        armed = std::exchange(armed_, false);
        direction = direction_;
        offset = offset_;
    }
    std::thread([this, client, armed, direction, offset] {
        forward(client, armed, direction, offset);
        std::lock_guard lock(mutex_);
        --active_;
        idle_.notify_all();
    }).detach();
}

void FaultProxy::forward(int client, bool armed, Direction direction, std::uint64_t offset) {
    int up = connectLoopback(target_);
    if (up < 0) {
        ::close(client);
        return;
    }
    const int from[2] = {client, up};
    const int to[2] = {up, client};
    std::uint64_t count[2] = {0, 0};
    bool open[2] = {true, true};
    bool cut = false;
    char buf[65536];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
    while ((open[0] || open[1]) && !cut && std::chrono::steady_clock::now() < deadline) {
        pollfd fds[2] = {{open[0] ? client : -1, POLLIN, 0}, {open[1] ? up : -1, POLLIN, 0}};
        if (::poll(fds, 2, 200) < 0) break;
        for (int d = 0; d < 2 && !cut; ++d) {
            if (!open[d] || !fds[d].revents) continue;
            std::size_t want = sizeof buf;
            const bool cutting = armed && static_cast<int>(direction) == d;
            if (cutting) want = static_cast<std::size_t>(std::min<std::uint64_t>(want, offset - count[d]));
            const ssize_t n = ::recv(from[d], buf, want, 0);
            if (n <= 0) {
                open[d] = false;
                ::shutdown(to[d], SHUT_WR);
                continue;
            }
            ::send(to[d], buf, static_cast<std::size_t>(n), MSG_NOSIGNAL);
            count[d] += static_cast<std::uint64_t>(n);
            {
                std::lock_guard lock(mutex_);
                bytes_[d] += static_cast<std::uint64_t>(n);
            }
            if (cutting && count[d] >= offset) cut = true;
        }
    }
    if (cut) {
        std::lock_guard lock(mutex_);
        fired_ = true;
    }
    // The client sees its connection end; the server gets EOF and finishes its session.
    ::close(client);
    ::shutdown(up, SHUT_WR);
    for (int i = 0; i < 100; ++i) {
        pollfd p{up, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0 && ::recv(up, buf, sizeof buf, 0) <= 0) break;
    }
    ::close(up);
}

}  // namespace petrel::testing
