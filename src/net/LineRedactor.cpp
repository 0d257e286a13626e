#include "net/LineRedactor.h"

#include <cctype>

#include "net/SecretScrubber.h"

namespace petrel::net {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Splits off the next space-delimited token; `rest` keeps what follows the single separator.
std::string_view nextToken(std::string_view& rest) {
    const std::size_t sp = rest.find(' ');
    std::string_view tok = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    return tok;
}

// The length of the IMAP astring at the start of s (atom, "quoted" or {literal}), or npos
// when it is a literal, whose content follows on the next line and which we do not show.
std::size_t imapAstringLength(std::string_view s) {
    if (s.empty() || s.front() == '{') return std::string_view::npos;
    if (s.front() == '"') {
        for (std::size_t i = 1; i < s.size(); ++i) {
            if (s[i] == '\\')
                ++i;
            else if (s[i] == '"')
                return i + 1;
        }
        return std::string_view::npos;  // unterminated: show nothing of it
    }
    const std::size_t sp = s.find(' ');
    return sp == std::string_view::npos ? s.size() : sp;
}

bool startsWith(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

}  // namespace

LineRedactor::LineRedactor(WireProtocol protocol, std::shared_ptr<const SecretScrubber> scrubber)
    : protocol_(protocol), scrubber_(std::move(scrubber)) {}

std::string LineRedactor::scrub(std::string_view line) const {
    return scrubber_ ? scrubber_->scrub(line) : std::string(line);
}

std::string LineRedactor::clientLine(std::string_view line) {
    if (inExchange_) return kMarker;  // a SASL response or a literal holding the password
    switch (protocol_) {
        case WireProtocol::Imap:
            return scrub(redactImap(line));
        case WireProtocol::Pop3:
            return scrub(redactPop3(line));
        case WireProtocol::Smtp:
            return scrub(redactSmtp(line));
    }
    return kMarker;
}

std::string LineRedactor::serverLine(std::string_view line) {
    if (inExchange_) {
        switch (protocol_) {
            case WireProtocol::Imap:
                if (exchangeTag_.empty() ? !(startsWith(line, "*") || startsWith(line, "+"))
                                         : startsWith(line, exchangeTag_ + " "))
                    inExchange_ = false;
                break;
            case WireProtocol::Pop3:
                if (startsWith(line, "+OK") || startsWith(line, "-ERR")) inExchange_ = false;
                break;
            case WireProtocol::Smtp:
                if (!startsWith(line, "334")) inExchange_ = false;
                break;
        }
    }
    return scrub(line);
}

std::string LineRedactor::redactImap(std::string_view line) {
    std::string_view rest = line;
    std::string_view tag = nextToken(rest);
    std::string_view command = nextToken(rest);
    // vmime traces commands with their tag; without one the command is the first word.
    if (upper(tag) == "LOGIN" || upper(tag) == "AUTHENTICATE") {
        rest = line.substr(tag.size() + (line.size() > tag.size() ? 1 : 0));
        command = tag;
        tag = {};
    }
    const std::string cmd = upper(command);
    const std::string prefix =
        tag.empty() ? std::string(command) : std::string(tag) + " " + std::string(command);
    if (cmd == "LOGIN") {
        inExchange_ = true;  // a literal password would follow on the next client line
        exchangeTag_ = std::string(tag);
        const std::size_t userLen = imapAstringLength(rest);
        if (userLen == std::string_view::npos || rest.empty()) return prefix + " " + kMarker;
        return prefix + " " + std::string(rest.substr(0, userLen)) + " " + kMarker;
    }
    if (cmd == "AUTHENTICATE") {
        inExchange_ = true;
        exchangeTag_ = std::string(tag);
        std::string_view mech = nextToken(rest);
        return prefix + " " + std::string(mech) + (rest.empty() ? "" : std::string(" ") + kMarker);
    }
    return std::string(line);
}

std::string LineRedactor::redactPop3(std::string_view line) {
    std::string_view rest = line;
    const std::string cmd = upper(nextToken(rest));
    if (cmd == "PASS") return "PASS " + std::string(kMarker);
    if (cmd == "APOP") return "APOP " + std::string(nextToken(rest)) + " " + kMarker;
    if (cmd == "AUTH" && !rest.empty()) {
        inExchange_ = true;
        std::string_view mech = nextToken(rest);
        return "AUTH " + std::string(mech) + (rest.empty() ? "" : std::string(" ") + kMarker);
    }
    return std::string(line);
}

std::string LineRedactor::redactSmtp(std::string_view line) {
    std::string_view rest = line;
    const std::string cmd = upper(nextToken(rest));
    if (cmd == "AUTH") {
        inExchange_ = true;
        std::string_view mech = nextToken(rest);
        return "AUTH " + std::string(mech) + (rest.empty() ? "" : std::string(" ") + kMarker);
    }
    return std::string(line);
}

}  // namespace petrel::net
