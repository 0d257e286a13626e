#include "support/RelayProxy.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace petrel::testing {

RelayProxy::~RelayProxy() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cut();
    listener_.reset();
    for (auto& t : threads_) t.join();
}

std::string RelayProxy::sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}

std::string RelayProxy::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void RelayProxy::clear() {
    std::lock_guard lock(mutex_);
    sent_.clear();
    received_.clear();
}

void RelayProxy::cut() {
    std::lock_guard lock(mutex_);
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
}

void RelayProxy::accept(int client) {
    const int server = connectLoopback(target_);
    std::lock_guard lock(mutex_);
    if (stopping_ || server < 0) {
        ::close(client);
        if (server >= 0) ::close(server);
        return;
    }
    ++accepted_;
    open_.push_back(client);
    open_.push_back(server);
    threads_.emplace_back([this, client, server] { relay(client, server); });
}

void RelayProxy::relay(int client, int server) {
    char buf[65536];
    for (bool open = true; open;) {
        pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(p, 2, 200) < 0) break;
        for (int i = 0; i < 2 && open; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const auto n = ::recv(p[i].fd, buf, sizeof buf, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            {
                std::lock_guard lock(mutex_);
                (i == 0 ? sent_ : received_).append(buf, static_cast<std::size_t>(n));
            }
            if (::send(i == 0 ? server : client, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) < 0) open = false;
        }
    }
    std::lock_guard lock(mutex_);
    for (int fd : {client, server}) {
        ::shutdown(fd, SHUT_RDWR);
        open_.erase(std::remove(open_.begin(), open_.end(), fd), open_.end());
        ::close(fd);
    }
}

}  // namespace petrel::testing
