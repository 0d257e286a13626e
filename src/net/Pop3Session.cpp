#include "net/Pop3Session.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
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
    : connector_(connector), reader_([this] { return receiveChunk(); }, connector.timeout()) {
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
    std::set<std::uint32_t> numbers;
    std::set<std::string> uidls;
    for (const auto& line : listingLines(body)) {
        // RFC 1939: "msg-number unique-id", the id 1-70 characters 0x21-0x7E. A line that is
        // not that, or a number or id given twice, is refused: the sync deletes by these
        // numbers and dedupes by these ids, so a lie here could delete an unstored message.
        const std::size_t sp = line.find(' ');
        // 0 = missing or not a number (message numbers start at 1); a plain integer, not an
        // optional, because g++ -O2 cannot see that a nullopt never reaches the dereference.
        std::uint64_t number = 0;
        if (sp != std::string::npos) number = parseNumber(line.substr(0, sp), 0xffffffffull).value_or(0);
        Pop3Listing l;
        l.uidl = sp == std::string::npos ? std::string() : line.substr(sp + 1);
        while (!l.uidl.empty() && l.uidl.back() == ' ') l.uidl.pop_back();
        bool printable = !l.uidl.empty() && l.uidl.size() <= 512;
        for (unsigned char c : l.uidl) printable = printable && c >= 0x21 && c <= 0x7e;
        if (number == 0 || !printable || !numbers.insert(static_cast<std::uint32_t>(number)).second ||
            !uidls.insert(l.uidl).second) {
            malformedListing("UIDL", line);
        }
        l.number = static_cast<std::uint32_t>(number);
        out.push_back(std::move(l));
    }
    return out;
}

std::map<std::uint32_t, std::uint64_t> Pop3Session::list() {
    simple("LIST");
    std::string body = connector_.guarded([&] { return reader_.readMultiline(); });
    std::map<std::uint32_t, std::uint64_t> out;
    for (const auto& line : listingLines(body)) {
        const std::size_t sp = line.find(' ');
        // 0 = missing or not a number (message numbers start at 1); a plain integer, not an
        // optional, because g++ -O2 cannot see that a nullopt never reaches the dereference.
        std::uint64_t number = 0;
        if (sp != std::string::npos) number = parseNumber(line.substr(0, sp), 0xffffffffull).value_or(0);
        std::string sizeText = sp == std::string::npos ? std::string() : line.substr(sp + 1);
        sizeText = sizeText.substr(0, sizeText.find(' '));  // RFC 1939 allows more after the size
        const auto size = parseNumber(sizeText, 0xffffffffffffffffull);
        if (number == 0 || !size || !out.emplace(static_cast<std::uint32_t>(number), *size).second)
            malformedListing("LIST", line);
    }
    return out;
}

std::vector<std::string> Pop3Session::listingLines(const std::string& body) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t nl = body.find('\n', pos);
        if (nl == std::string::npos) nl = body.size();
        std::string line = body.substr(pos, nl - pos);
        pos = nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(std::move(line));
    }
    return lines;
}

std::optional<std::uint64_t> Pop3Session::parseNumber(const std::string& text, std::uint64_t max) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (max - digit) / 10) return std::nullopt;
        n = n * 10 + digit;
    }
    return n;
}

void Pop3Session::malformedListing(const std::string& command, const std::string& line) const {
    throw model::Error(model::ErrorKind::Protocol,
                       "The POP3 server " + connector_.account().incoming.host + " sent a malformed " + command +
                           " listing",
                       line.substr(0, 100));
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
