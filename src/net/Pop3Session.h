#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <vmime/net/socket.hpp>
#include <vmime/net/store.hpp>

#include "net/Pop3Reader.h"

namespace petrel::net {

class ServiceConnector;

struct Pop3Listing {
    std::uint32_t number = 0;
    std::string uidl;
};

// One authenticated POP3 connection, spoken raw over the socket of a vmime POP3 store that
// ServiceConnector connected (TLS, pinning, SNI, one login attempt, byte counting all come from
// there). vmime's own POP3 message code is not used past login: its RETR/TOP corrupt messages
// and it cannot pipeline (DESIGN §4).
//
// Semantics the sync code relies on: DELE only marks; QUIT's +OK commits the deletions (RFC 1939
// UPDATE state). Destroying a session without quit() closes the socket without QUIT, so the
// server deletes nothing (and Dovecot does not set \Seen either).
//
// Every method throws model::Error (through connector.guarded) on failure; -ERR answers become
// ErrorKind::Protocol with the server's text. Not thread-safe: one worker thread owns it.
class Pop3Session {
public:
    explicit Pop3Session(ServiceConnector& connector);
    ~Pop3Session();
    Pop3Session(const Pop3Session&) = delete;
    Pop3Session& operator=(const Pop3Session&) = delete;

    // CAPA, asked once per connection; empty when the server has no CAPA.
    const std::vector<std::string>& capabilities();
    bool hasCapability(const std::string& name);

    // UIDL listing in message-number order. Throws Protocol when the server has no UIDL.
    std::vector<Pop3Listing> uidl();
    // LIST: message number -> size in octets.
    std::map<std::uint32_t, std::uint64_t> list();
    // TOP n lines for each number, pipelined when the server advertises PIPELINING. The callback
    // gets the number and the bytes (headers, blank line, first `lines` lines), in order. A
    // number the server refuses (-ERR, e.g. deleted by another client) is skipped.
    void top(const std::vector<std::uint32_t>& numbers, std::uint32_t lines,
             const std::function<void(std::uint32_t, std::string)>& onMessage);
    // The whole message, byte-exact (see Pop3Reader).
    std::string retr(std::uint32_t number);
    // RETR for each number, pipelined like top(). A refused number is skipped.
    void retr(const std::vector<std::uint32_t>& numbers,
              const std::function<void(std::uint32_t, std::string)>& onMessage);
    // DELE for each number, pipelined; throws Protocol if the server refuses one.
    void dele(const std::vector<std::uint32_t>& numbers);
    void dele(std::uint32_t number);
    // QUIT and close. Returns normally only on +OK, i.e. when the deletions were committed.
    void quit();
    // Closes the TCP connection without QUIT: the server rolls back DELEs.
    void abandon() noexcept;

    // Pipelining window (commands in flight). Tests shrink it.
    void setWindow(std::size_t window) { window_ = window ? window : 1; }

private:
    std::string receiveChunk();
    // Sends `commands` (one per number) through a window of window_ (1 without PIPELINING) and
    // hands each reply to onReply(number, statusLine, reader) which must read any body.
    void pipeline(const std::vector<std::uint32_t>& numbers, const std::function<std::string(std::uint32_t)>& command,
                  const std::function<void(std::uint32_t, const std::string&)>& onReply);
    void send(const std::string& line);
    // Sends a command and reads its status line; -ERR throws unless allowErr.
    std::string simple(const std::string& command, bool allowErr = false);
    [[noreturn]] void refused(const std::string& command, const std::string& status);
    [[noreturn]] void malformedListing(const std::string& command, const std::string& line) const;
    // The non-empty lines of a multi-line listing, without line endings.
    static std::vector<std::string> listingLines(const std::string& body);
    // Decimal digits only, at most `max`; nullopt otherwise (no sign, no wrap-around).
    static std::optional<std::uint64_t> parseNumber(const std::string& text, std::uint64_t max);

    ServiceConnector& connector_;
    vmime::shared_ptr<vmime::net::store> store_;
    vmime::shared_ptr<vmime::net::socket> socket_;
    Pop3Reader reader_;
    std::optional<std::vector<std::string>> capabilities_;
    std::size_t window_ = 64;
};

}  // namespace petrel::net
