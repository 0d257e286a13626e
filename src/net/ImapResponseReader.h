#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "net/StallGuard.h"

namespace petrel::net {

// Splits a byte stream into complete IMAP responses: a line, plus for each literal announced at
// a line's end ({n} or {n+}) its n bytes and the rest of the response after them.
//
// Hostile servers are bounded: a line (the text between literals) longer than kMaxLineBytes and
// a literal larger than kMaxLiteralBytes are protocol errors, so memory never grows with what a
// server merely announces or with a line that never ends. With a stall window, a response that
// has begun must keep arriving at kMinBytesPerWindow per window: a server dripping a byte at a
// time (which resets a plain silence timeout forever) ends with ErrorKind::Network. Silence
// between responses (IDLE) is not counted.
class ImapResponseReader {
public:
    static constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;
    static constexpr std::size_t kMaxLiteralBytes = std::size_t{1} << 30;
    static constexpr std::size_t kMinBytesPerWindow = StallGuard::kMinBytesPerWindow;

    // read(buffer, size): bytes now available (0 = none yet, wait and ask again); throws on
    // errors, timeout and cancellation (the socket's timeout handler does that).
    using ReadFunction = std::function<std::size_t(char*, std::size_t)>;
    explicit ImapResponseReader(ReadFunction read, std::chrono::milliseconds stallWindow = {})
        : read_(std::move(read)), stall_(stallWindow) {}

    // The next response without its final CRLF.
    std::string next();
    // Bytes already read past the last response (e.g. when switching to a compressed stream).
    bool hasBuffered() const { return pos_ < buffer_.size(); }
    // Hands those bytes over and forgets them.
    std::string takeBuffered();

private:
    void fill();

    ReadFunction read_;
    StallGuard stall_;
    std::string buffer_;
    std::size_t pos_ = 0;
};

}  // namespace petrel::net
