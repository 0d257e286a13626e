#include "support/TcpClient.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace petrel::testing {

namespace {

std::runtime_error sysError(const std::string& what)
{
    return std::runtime_error(what + ": " + std::strerror(errno));
}

sockaddr_in ipv4(const std::string& host, std::uint16_t port)
{
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
        throw std::runtime_error("TcpClient: not an IPv4 address: " + host);
    return addr;
}

bool waitFor(int fd, short events, std::chrono::milliseconds timeout)
{
    pollfd p{fd, events, 0};
    for (;;) {
        const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (r > 0)
            return true;
        if (r == 0)
            return false;
        if (errno != EINTR)
            throw sysError("poll");
    }
}

}  // namespace

TcpClient::TcpClient(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
                     const std::string& bindAddress)
    : timeout_(timeout), peer_(host + ":" + std::to_string(port))
{
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0)
        throw sysError("socket");
    try {
        if (!bindAddress.empty()) {
            const sockaddr_in local = ipv4(bindAddress, 0);
            if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0)
                throw sysError("bind " + bindAddress);
        }
        const sockaddr_in addr = ipv4(host, port);
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            if (errno != EINPROGRESS)
                throw sysError("connect " + peer_);
            if (!waitFor(fd_, POLLOUT, timeout_))
                throw std::runtime_error("connect " + peer_ + ": timed out");
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                errno = err;
                throw sysError("connect " + peer_);
            }
        }
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

TcpClient::~TcpClient()
{
    if (fd_ >= 0)
        ::close(fd_);
}

void TcpClient::send(std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            sent_ += static_cast<std::size_t>(n);
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!waitFor(fd_, POLLOUT, timeout_))
                throw std::runtime_error("send to " + peer_ + ": timed out");
            continue;
        }
        throw sysError("send to " + peer_);
    }
}

void TcpClient::sendLine(std::string_view line)
{
    std::string l(line);
    l += "\r\n";
    send(l);
}

bool TcpClient::fill()
{
    char chunk[16384];
    for (;;) {
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n > 0) {
            received_ += static_cast<std::size_t>(n);
            buf_.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
        if (n == 0)
            return false;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!waitFor(fd_, POLLIN, timeout_))
                throw std::runtime_error("read from " + peer_ + ": timed out after " +
                                         std::to_string(timeout_.count()) + " ms; unread: " + buf_.substr(0, 200));
            continue;
        }
        throw sysError("recv from " + peer_);
    }
}

std::string TcpClient::readLine()
{
    for (;;) {
        const auto pos = buf_.find('\n');
        if (pos != std::string::npos) {
            std::string line = buf_.substr(0, pos);
            buf_.erase(0, pos + 1);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            return line;
        }
        if (!fill())
            throw std::runtime_error("connection to " + peer_ + " closed while reading a line; unread: " + buf_);
    }
}

std::string TcpClient::readExactly(std::size_t n)
{
    while (buf_.size() < n)
        if (!fill())
            throw std::runtime_error("connection to " + peer_ + " closed while reading " + std::to_string(n) +
                                     " bytes");
    std::string out = buf_.substr(0, n);
    buf_.erase(0, n);
    return out;
}

std::vector<std::string> TcpClient::imap(const std::string& command)
{
    const std::string tag = "t" + std::to_string(++tagCounter_);
    sendLine(tag + " " + command);
    std::vector<std::string> lines;
    for (;;) {
        std::string line = readLine();
        // A literal: "... {123}" then 123 bytes, then the rest of the response line.
        while (!line.empty() && line.back() == '}') {
            const auto open = line.rfind('{');
            if (open == std::string::npos)
                break;
            std::string digits = line.substr(open + 1, line.size() - open - 2);
            if (!digits.empty() && digits.back() == '+')
                digits.pop_back();
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
                break;
            line += "\r\n" + readExactly(std::stoul(digits));
            line += readLine();
        }
        const bool done = line.rfind(tag + " ", 0) == 0;
        lines.push_back(std::move(line));
        if (done)
            return lines;
    }
}

std::vector<std::string> TcpClient::imapOk(const std::string& command)
{
    auto lines = imap(command);
    const std::string& last = lines.back();
    const std::string status = last.substr(last.find(' ') + 1);
    if (status != "OK" && status.rfind("OK ", 0) != 0) {
        std::string all;
        for (const auto& l : lines)
            all += l + "\n";
        const std::string shown = command.rfind("LOGIN ", 0) == 0 ? "LOGIN ..." : command;
        throw std::runtime_error("IMAP " + shown + " failed:\n" + all);
    }
    return lines;
}

}  // namespace petrel::testing
