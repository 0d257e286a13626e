#pragma once
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "support/LoopbackListener.h"

namespace petrel::guitest {

// An HTTP server on loopback for the remote-picture tests: answers every request with
// `reply(path)` and records the paths asked for (the listener's threads serve, so under a mutex).
class WebServer {
public:
    explicit WebServer(std::function<std::string(const std::string& path)> reply);

    std::uint16_t port() const { return listener_.port(); }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port()); }
    // Requests so far: all of them, or those for `path`.
    std::size_t requests() const;
    std::size_t requests(const std::string& path) const;

    // A complete "200 OK" reply with this body.
    static std::string ok(const std::string& type, const std::string& body);

private:
    void serve(int fd);

    std::function<std::string(const std::string&)> reply_;
    mutable std::mutex mutex_;
    std::vector<std::string> paths_;
    testing::LoopbackListener listener_;  // last: stops before the rest goes
};

}  // namespace petrel::guitest
