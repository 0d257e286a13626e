#include "net/Pop3Session.h"

#include <algorithm>
#include <deque>
#include <vmime/net/pop3/POP3Connection.hpp>
#include <vmime/net/pop3/POP3Store.hpp>

#include "model/Error.h"
#include "net/ServiceConnector.h"

namespace petrel::net {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

}  // namespace

Pop3Session::Pop3Session(ServiceConnector& connector)
    : connector_(connector), reader_([this] { return receiveChunk(); }) {
    store_ = connector_.connectStore();
    auto pop3 = vmime::dynamicCast<vmime::net::pop3::POP3Store>(store_);
    if (!pop3) throw model::Error(model::ErrorKind::Usage, "Not a POP3 account");
    socket_ = pop3->getConnection()->getSocket();
}

Pop3Session::~Pop3Session() { abandon(); }

std::string Pop3Session::receiveChunk() {
    std::string chunk;
    for (;;) {
        // Sockets throw on a closed connection and consult the timeout handler while waiting.
        socket_->receive(chunk);
        if (!chunk.empty()) return chunk;
        socket_->waitForRead(100);
    }
}

void Pop3Session::send(const std::string& line) { socket_->send(line); }

void Pop3Session::refused(const std::string& command, const std::string& status) {
    throw model::Error(model::ErrorKind::Protocol,
                       "The POP3 server " + connector_.account().incoming.host + " refused " + command, status);
}

std::string Pop3Session::simple(const std::string& command, bool allowErr) {
    return connector_.guarded([&] {
        send(command + "\r\n");
        std::string status = reader_.readLine();
        if (!Pop3Reader::isOk(status) && !allowErr) refused(command.substr(0, command.find(' ')), status);
        return status;
    });
}

const std::vector<std::string>& Pop3Session::capabilities() {
    if (!capabilities_) {
        std::vector<std::string> caps;
        std::string status = simple("CAPA", true);
        if (Pop3Reader::isOk(status)) {
            std::string body = connector_.guarded([&] { return reader_.readMultiline(); });
            std::size_t pos = 0;
            while (pos < body.size()) {
                std::size_t nl = body.find('\n', pos);
                if (nl == std::string::npos) nl = body.size();
                std::string line = body.substr(pos, nl - pos);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (!line.empty()) caps.push_back(line);
                pos = nl + 1;
            }
        }
        capabilities_ = std::move(caps);
    }
    return *capabilities_;
}

bool Pop3Session::hasCapability(const std::string& name) {
    const std::string wanted = upper(name);
    for (const auto& c : capabilities()) {
        std::string word = upper(c.substr(0, c.find(' ')));
        if (word == wanted) return true;
    }
    return false;
}

std::vector<Pop3Listing> Pop3Session::uidl() {
    std::string status = simple("UIDL", true);
    if (!Pop3Reader::isOk(status)) {
        throw model::Error(model::ErrorKind::Protocol,
                           "The POP3 server " + connector_.account().incoming.host +
                               " does not support UIDL, which keeping mail on the server needs",
                           status);
    }
    std::string body = connector_.guarded([&] { return reader_.readMultiline(); });
    std::vector<Pop3Listing> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        if (nl == std::string::npos) nl = body.size();
        std::string line = body.substr(pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t sp = line.find(' ');
        if (sp == std::string::npos) continue;
        Pop3Listing l;
        l.number = static_cast<std::uint32_t>(std::strtoul(line.c_str(), nullptr, 10));
        l.uidl = line.substr(sp + 1);
        while (!l.uidl.empty() && l.uidl.back() == ' ') l.uidl.pop_back();
        if (l.number && !l.uidl.empty()) out.push_back(std::move(l));
    }
    return out;
}

std::map<std::uint32_t, std::uint64_t> Pop3Session::list() {
    simple("LIST");
    std::string body = connector_.guarded([&] { return reader_.readMultiline(); });
    std::map<std::uint32_t, std::uint64_t> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        if (nl == std::string::npos) nl = body.size();
        std::string line = body.substr(pos, nl - pos);
        pos = nl + 1;
        char* end = nullptr;
        unsigned long n = std::strtoul(line.c_str(), &end, 10);
        if (n == 0 || !end) continue;
        out[static_cast<std::uint32_t>(n)] = std::strtoull(end, nullptr, 10);
    }
    return out;
}

void Pop3Session::pipeline(const std::vector<std::uint32_t>& numbers,
                           const std::function<std::string(std::uint32_t)>& command,
                           const std::function<void(std::uint32_t, const std::string&)>& onReply) {
    const std::size_t window = hasCapability("PIPELINING") ? window_ : 1;
    connector_.guarded([&] {
        std::size_t sent = 0;
        std::deque<std::uint32_t> inFlight;
        while (sent < numbers.size() || !inFlight.empty()) {
            if (sent < numbers.size() && inFlight.size() < window) {
                // Whatever fits in the window goes out in one write.
                std::string batch;
                while (sent < numbers.size() && inFlight.size() < window) {
                    batch += command(numbers[sent]);
                    inFlight.push_back(numbers[sent++]);
                }
                send(batch);
            }
            // Read half a window before refilling it, so writes stay batched.
            const std::size_t keep = sent < numbers.size() ? window / 2 : 0;
            while (inFlight.size() > keep) {
                std::uint32_t n = inFlight.front();
                inFlight.pop_front();
                onReply(n, reader_.readLine());
            }
        }
    });
}

void Pop3Session::top(const std::vector<std::uint32_t>& numbers, std::uint32_t lines,
                      const std::function<void(std::uint32_t, std::string)>& onMessage) {
    const std::string suffix = " " + std::to_string(lines) + "\r\n";
    pipeline(
        numbers, [&](std::uint32_t n) { return "TOP " + std::to_string(n) + suffix; },
        [&](std::uint32_t n, const std::string& status) {
            if (Pop3Reader::isOk(status)) onMessage(n, reader_.readMultiline());
        });
}

void Pop3Session::retr(const std::vector<std::uint32_t>& numbers,
                       const std::function<void(std::uint32_t, std::string)>& onMessage) {
    pipeline(
        numbers, [](std::uint32_t n) { return "RETR " + std::to_string(n) + "\r\n"; },
        [&](std::uint32_t n, const std::string& status) {
            if (Pop3Reader::isOk(status)) onMessage(n, reader_.readMultiline());
        });
}

void Pop3Session::dele(const std::vector<std::uint32_t>& numbers) {
    std::string firstRefusal;
    pipeline(
        numbers, [](std::uint32_t n) { return "DELE " + std::to_string(n) + "\r\n"; },
        [&](std::uint32_t, const std::string& status) {
            if (!Pop3Reader::isOk(status) && firstRefusal.empty()) firstRefusal = status;
        });
    if (!firstRefusal.empty()) refused("DELE", firstRefusal);
}

std::string Pop3Session::retr(std::uint32_t number) {
    simple("RETR " + std::to_string(number));
    return connector_.guarded([&] { return reader_.readMultiline(); });
}

void Pop3Session::dele(std::uint32_t number) { simple("DELE " + std::to_string(number)); }

void Pop3Session::quit() {
    simple("QUIT");
    abandon();
}

void Pop3Session::abandon() noexcept {
    if (socket_) {
        try {
            socket_->disconnect();
        } catch (...) {
        }
    }
    if (store_) {
        try {
            // The socket is gone, so vmime sends no QUIT of its own here.
            if (store_->isConnected()) store_->disconnect();
        } catch (...) {
        }
    }
    socket_ = nullptr;
    store_ = nullptr;
}

}  // namespace petrel::net
