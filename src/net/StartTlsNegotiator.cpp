#include "net/StartTlsNegotiator.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vmime/exception.hpp>

#include "model/Error.h"

namespace petrel::net {

namespace {

// A greeting or reply line longer than this is not a mail server talking.
constexpr std::size_t kMaxLine = 16 * 1024;
constexpr const char* kTag = "P0";  // the only IMAP command we send before TLS

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(s[i])) !=
            std::toupper(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string chomp(std::string line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return line;
}

model::Error refused(const std::string& what, const std::string& reply) {
    return model::Error(model::ErrorKind::Tls,
                        what + "; Petrel does not continue without TLS, so no password was sent",
                        chomp(reply));
}

}  // namespace

StartTlsNegotiator::StartTlsNegotiator(WireProtocol protocol, vmime::net::socket& socket,
                                       vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler,
                                       vmime::shared_ptr<vmime::net::tracer> tracer, std::string heloName)
    : protocol_(protocol),
      socket_(socket),
      timeoutHandler_(std::move(timeoutHandler)),
      tracer_(std::move(tracer)),
      heloName_(std::move(heloName)) {}

std::string StartTlsNegotiator::negotiate() {
    if (timeoutHandler_) timeoutHandler_->resetTimeOut();
    switch (protocol_) {
        case WireProtocol::Imap:
            return negotiateImap();
        case WireProtocol::Pop3:
            return negotiatePop3();
        case WireProtocol::Smtp:
            return negotiateSmtp();
    }
    return {};
}

std::string StartTlsNegotiator::readLine() {
    std::array<vmime::byte_t, 4096> chunk{};
    for (;;) {
        if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl + 1);
            buffer_.erase(0, nl + 1);
            if (tracer_) tracer_->traceReceive(chomp(line));
            return line;
        }
        if (buffer_.size() > kMaxLine)
            throw model::Error(model::ErrorKind::Protocol,
                               "The server sent an overlong line before STARTTLS");
        const std::size_t n = socket_.receiveRaw(chunk.data(), chunk.size());
        if (n > 0) {
            buffer_.append(reinterpret_cast<const char*>(chunk.data()), n);
            if (timeoutHandler_) timeoutHandler_->resetTimeOut();
            continue;
        }
        // Nothing yet. vmime's own sockets check the timeout handler while they wait; checked
        // here as well so any socket (and a cancelled job) ends the wait.
        if (timeoutHandler_ && timeoutHandler_->isTimeOut() && !timeoutHandler_->handleTimeOut())
            throw vmime::exceptions::operation_timed_out();
        socket_.waitForRead(50);
    }
}

void StartTlsNegotiator::sendLine(const std::string& line) {
    if (tracer_) tracer_->traceSend(line);
    const std::string wire = line + "\r\n";
    socket_.sendRaw(reinterpret_cast<const vmime::byte_t*>(wire.data()), wire.size());
}

void StartTlsNegotiator::requireNothingBuffered() {
    if (!buffer_.empty())
        throw model::Error(model::ErrorKind::Tls,
                           "The server sent data after agreeing to STARTTLS and before the TLS handshake "
                           "(possible command injection); connection closed",
                           chomp(buffer_.substr(0, 200)));
}

std::string StartTlsNegotiator::stripImapCapabilityCode(const std::string& greetingLine) {
    // "* OK [CAPABILITY ...] text"
    if (!startsWithNoCase(greetingLine, "* OK [")) return greetingLine;
    const std::size_t open = 5;
    if (!startsWithNoCase(std::string_view(greetingLine).substr(open + 1), "CAPABILITY")) return greetingLine;
    const std::size_t close = greetingLine.find(']', open);
    if (close == std::string::npos) return greetingLine;
    std::size_t rest = close + 1;
    while (rest < greetingLine.size() && greetingLine[rest] == ' ') ++rest;
    std::string out = "* OK " + greetingLine.substr(rest);
    // "* OK \r\n" is not valid IMAP (resp-text needs text); keep something readable.
    if (chomp(out) == "* OK" || chomp(out) == "* OK ") out = "* OK ready\r\n";
    return out;
}

std::string StartTlsNegotiator::negotiateImap() {
    const std::string greeting = readLine();
    if (startsWithNoCase(greeting, "* PREAUTH"))
        throw refused("The IMAP server skipped authentication (PREAUTH) on an unencrypted connection",
                      greeting);
    if (startsWithNoCase(greeting, "* BYE"))
        throw model::Error(model::ErrorKind::Protocol, "The IMAP server refused the connection",
                           chomp(greeting));
    if (!startsWithNoCase(greeting, "* OK"))
        throw model::Error(model::ErrorKind::Protocol, "The server did not greet like an IMAP server",
                           chomp(greeting));

    sendLine(std::string(kTag) + " STARTTLS");
    const std::string tagged = std::string(kTag) + " ";
    for (;;) {
        const std::string line = readLine();
        if (startsWithNoCase(line, "* BYE"))
            throw refused("The IMAP server closed the connection instead of starting TLS", line);
        if (!startsWithNoCase(line, tagged)) continue;  // untagged data (e.g. CAPABILITY) is allowed
        if (!startsWithNoCase(std::string_view(line).substr(tagged.size()), "OK"))
            throw refused("The IMAP server refused STARTTLS", line);
        break;
    }
    requireNothingBuffered();
    std::string replay = stripImapCapabilityCode(greeting);
    if (replay.size() < 2 || replay.compare(replay.size() - 2, 2, "\r\n") != 0)
        replay = chomp(replay) + "\r\n";
    return replay;
}

std::string StartTlsNegotiator::negotiatePop3() {
    const std::string greeting = readLine();
    if (!startsWithNoCase(greeting, "+OK"))
        throw model::Error(model::ErrorKind::Protocol, "The POP3 server refused the connection",
                           chomp(greeting));
    sendLine("STLS");
    const std::string reply = readLine();
    if (!startsWithNoCase(reply, "+OK")) throw refused("The POP3 server refused STLS", reply);
    requireNothingBuffered();
    return chomp(greeting) + "\r\n";
}

std::string StartTlsNegotiator::readSmtpReply(std::string& code) {
    std::string all;
    for (;;) {
        const std::string line = readLine();
        all += line;
        if (line.size() < 3)
            throw model::Error(model::ErrorKind::Protocol, "Malformed SMTP reply", chomp(line));
        code = line.substr(0, 3);
        if (line.size() < 4 || line[3] != '-') return all;  // "250 x" or "250": last line
    }
}

std::string StartTlsNegotiator::negotiateSmtp() {
    std::string code;
    std::string greeting = readSmtpReply(code);
    if (code != "220")
        throw model::Error(model::ErrorKind::Protocol, "The SMTP server refused the connection",
                           chomp(greeting));
    sendLine("EHLO " + heloName_);
    std::string ehlo = readSmtpReply(code);
    if (code != "250") throw refused("The SMTP server did not accept EHLO, so STARTTLS is unavailable", ehlo);
    sendLine("STARTTLS");
    std::string reply = readSmtpReply(code);
    if (code != "220") throw refused("The SMTP server refused STARTTLS", reply);
    requireNothingBuffered();
    return greeting;
}

}  // namespace petrel::net
