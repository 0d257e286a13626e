#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::testing {

// A tiny blocking TCP client for talking to the test servers in plain protocol lines (IMAP, POP3, SMTP,
// LMTP) without vmime. Every read has a deadline; a timeout, EOF or socket error throws std::runtime_error
// with what was being waited for, so a test fails instead of hanging.
class TcpClient {
public:
    // bindAddress: local address to connect from, e.g. "127.0.0.2" (Dovecot does not count that as a
    // secure loopback connection to 127.0.0.1, so plaintext LOGIN is refused there).
    TcpClient(const std::string& host, std::uint16_t port,
              std::chrono::milliseconds timeout = std::chrono::seconds(15), const std::string& bindAddress = {});
    ~TcpClient();
    TcpClient(const TcpClient&) = delete;
    TcpClient& operator=(const TcpClient&) = delete;

    void send(std::string_view data);
    void sendLine(std::string_view line);  // appends CRLF
    // One line without its CRLF (or LF).
    std::string readLine();
    std::string readExactly(std::size_t n);
    // Lines until one satisfies `last` (included in the result).
    template <typename Pred>
    std::vector<std::string> readLinesUntil(Pred last)
    {
        std::vector<std::string> lines;
        for (;;) {
            lines.push_back(readLine());
            if (last(lines.back()))
                return lines;
        }
    }

    // IMAP: sends "<tag> <command>" and returns every line up to and including the tagged reply. A literal
    // ({n} at a line end) is read and appended to its line, with the rest of the line after it.
    std::vector<std::string> imap(const std::string& command);
    // IMAP: as imap(), but throws unless the tagged reply is OK.
    std::vector<std::string> imapOk(const std::string& command);

    // Total bytes sent and received on this connection.
    std::size_t bytesSent() const noexcept { return sent_; }
    std::size_t bytesReceived() const noexcept { return received_; }

private:
    bool fill();  // reads more into buf_; false on EOF

    int fd_ = -1;
    std::chrono::milliseconds timeout_;
    std::string buf_;
    std::string peer_;
    std::size_t sent_ = 0;
    std::size_t received_ = 0;
    unsigned tagCounter_ = 0;
};

}  // namespace petrel::testing
