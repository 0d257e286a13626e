#pragma once
#include <cstddef>
#include <functional>
#include <string>

namespace petrel::net {

// Splits a byte stream into complete IMAP responses: a line, plus for each literal announced at
// a line's end ({n} or {n+}) its n bytes and the rest of the response after them.
class ImapResponseReader {
public:
    // read(buffer, size): bytes now available (0 = none yet, wait and ask again); throws on
    // errors, timeout and cancellation (the socket's timeout handler does that).
    using ReadFunction = std::function<std::size_t(char*, std::size_t)>;
    explicit ImapResponseReader(ReadFunction read) : read_(std::move(read)) {}

    // The next response without its final CRLF.
    std::string next();
    // Bytes already read past the last response (e.g. when switching to a compressed stream).
    bool hasBuffered() const { return pos_ < buffer_.size(); }
    // Hands those bytes over and forgets them.
    std::string takeBuffered();

private:
    void fill();

    ReadFunction read_;
    std::string buffer_;
    std::size_t pos_ = 0;
};

}  // namespace petrel::net
