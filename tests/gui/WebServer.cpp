#include "WebServer.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

namespace petrel::guitest {

WebServer::WebServer(std::function<std::string(const std::string& path)> reply)
    : reply_(std::move(reply)), listener_([this](int fd) { serve(fd); }) {}

std::size_t WebServer::requests() const {
    std::lock_guard lock(mutex_);
    return paths_.size();
}

std::size_t WebServer::requests(const std::string& path) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count(paths_.begin(), paths_.end(), path));
}

std::string WebServer::ok(const std::string& type, const std::string& body) {
    return "HTTP/1.0 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

void WebServer::serve(int fd) {
    std::string request;
    char buffer[2048];
    while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
    }
    const auto first = request.find(' ');
    const std::string path = request.substr(first + 1, request.find(' ', first + 1) - first - 1);
    {
        std::lock_guard lock(mutex_);
        paths_.push_back(path);
    }
    const std::string reply = reply_(path);
    std::size_t sent = 0;
    while (sent < reply.size()) {
        const ssize_t n = ::send(fd, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

}  // namespace petrel::guitest
