#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/LoopbackListener.h"

namespace petrel::testing {

// Relays every connection to a loopback server untouched (TLS passes through), records both
// directions, counts the connections and cuts every open one on request, like a dropped network
// link. Unlike FaultProxy it never cuts on its own.
class RelayProxy {
public:
    explicit RelayProxy(std::uint16_t target) : target_(target) {}
    ~RelayProxy();
    RelayProxy(const RelayProxy&) = delete;
    RelayProxy& operator=(const RelayProxy&) = delete;

    std::uint16_t port() const { return listener_->port(); }
    int connections() const { return accepted_; }
    // What clients sent and what the server answered, over all connections since clear().
    std::string sent() const;
    std::string received() const;
    void clear();
    void cut();

private:
    void accept(int client);
    void relay(int client, int server);

    std::uint16_t target_;
    mutable std::mutex mutex_;
    bool stopping_ = false;
    std::atomic<int> accepted_{0};
    std::string sent_, received_;
    std::vector<int> open_;
    std::vector<std::thread> threads_;
    std::unique_ptr<LoopbackListener> listener_ = std::make_unique<LoopbackListener>([this](int fd) { accept(fd); });
};

}  // namespace petrel::testing
