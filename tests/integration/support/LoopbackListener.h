#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

namespace petrel::testing {

// A TCP listener on 127.0.0.1 with a port of its own, for fake servers and fault proxies in tests.
// Each accepted connection is handed to `onClient` on the listener's thread (a handler that
// blocks should start a thread of its own). The destructor stops accepting and joins; declare it
// as the last member so it stops before what its handler uses is destroyed.
class LoopbackListener {
public:
    explicit LoopbackListener(std::function<void(int fd)> onClient, int backlog = 16);
    ~LoopbackListener();
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;

    std::uint16_t port() const { return port_; }
    bool stopping() const { return stop_; }

private:
    void run();

    std::function<void(int)> onClient_;
    int listen_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// A connected socket to 127.0.0.1:port, or -1.
int connectLoopback(std::uint16_t port);

}  // namespace petrel::testing
