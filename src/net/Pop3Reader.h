#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "net/StallGuard.h"

namespace petrel::net {

// Reads POP3 responses from a byte stream, correctly (DESIGN §4: vmime 0.9.2 neither
// dot-unstuffs nor keeps the final CRLF of RETR/TOP, upstream bug #168).
//
// A multi-line body comes back exactly as the server holds the message: every line with the
// line ending it was sent with (CRLF on the wire), one leading "." removed from lines that start
// with "." (RFC 1939 §3), the terminating ".CRLF" removed. The body of RETR is thus the RFC 5322
// message byte for byte, final CRLF included.
class Pop3Reader {
public:
    // Returns the next chunk of bytes (never empty); throws when the connection is gone.
    using Source = std::function<std::string()>;

    // A line longer than this is a protocol error (RFC 5322 allows 998 octets; this bounds
    // memory against a server that never ends a line).
    static constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;
    static constexpr std::size_t kMinBytesPerWindow = StallGuard::kMinBytesPerWindow;

    // stallWindow: once a reply has begun, at least kMinBytesPerWindow must arrive per window,
    // or it ends with ErrorKind::Network (a byte-at-a-time server never trips a silence timeout).
    explicit Pop3Reader(Source source, std::chrono::milliseconds stallWindow = {})
        : source_(std::move(source)), stall_(stallWindow) {}

    // One line without its line ending.
    std::string readLine();
    // The body of a multi-line response, after its status line was read.
    std::string readMultiline();
    // Bytes taken from the source so far (for tests and accounting).
    std::size_t bytesRead() const { return bytesRead_; }

    static bool isOk(const std::string& statusLine) { return statusLine.rfind("+OK", 0) == 0; }

private:
    void fill();
    // Index of the '\n' ending the line that starts at pos_, reading more as needed.
    std::size_t lineEnd();


    Source source_;
    StallGuard stall_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::size_t bytesRead_ = 0;
};

}  // namespace petrel::net
