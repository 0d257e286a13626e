#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/AccountConfig.h"
#include "net/ConnectOptions.h"
#include "net/ImapCommand.h"
#include "net/ImapResponse.h"
#include "net/PasswordAuthenticator.h"
#include "net/WireBytes.h"

namespace vmime::net {
class store;
class socket;
}  // namespace vmime::net

namespace petrel::net {

class ImapResponseReader;
class ServiceConnector;

// What SELECT / EXAMINE reported about a mailbox.
struct ImapMailboxState {
    std::uint32_t exists = 0;
    std::uint32_t uidValidity = 0;
    std::uint32_t uidNext = 0;  // 0 when the server did not say
    std::uint64_t highestModSeq = 0;  // 0 without CONDSTORE (or NOMODSEQ)
    bool readOnly = false;
};

// An IMAP connection made by ServiceConnector (our TLS, pinning, one login attempt, wire
// counting) on which Petrel then speaks IMAP itself: tagged commands written to vmime's socket
// and responses read with our own tokenizer. Why (DESIGN.md §4): vmime's FETCH path is ~20×
// slower than a raw client, and its parser throws on ESEARCH / SEARCH MODSEQ replies, has no
// SUBSCRIBE, IDLE or CHANGEDSINCE, and marks mail \Seen on lazy loads.
//
// One worker thread only; make a new session after any network error.
class ImapSession {
public:
    using UntaggedHandler = std::function<void(const ImapResponse&)>;
    struct Result {
        std::string status;  // OK, NO or BAD
        ImapValue code;
        std::string text;
        std::vector<ImapResponse> untagged;  // only when no handler was given
        bool ok() const { return status == "OK"; }
        // The response code's name, upper case ("NONEXISTENT", "ALREADYEXISTS", ...).
        std::string codeName() const;
    };

    ImapSession(model::AccountConfig account, PasswordSupplier password, ConnectOptions options = {});
    ~ImapSession();
    ImapSession(const ImapSession&) = delete;
    ImapSession& operator=(const ImapSession&) = delete;

    // TCP, TLS, login (through vmime), then CAPABILITY of our own; then COMPRESS DEFLATE
    // (RFC 4978) when the server advertises COMPRESS=DEFLATE and account.compress is true.
    void connect();
    // True once COMPRESS DEFLATE succeeded: every later byte is compressed on the wire.
    bool compressed() const { return compressed_; }
    bool hasCapability(std::string_view name) const;
    const std::set<std::string>& capabilities() const { return capabilities_; }

    // Runs a command; NO/BAD become model::Error(Protocol) naming the command. Untagged
    // responses go to onUntagged as they arrive (nothing accumulates), or into Result.untagged.
    Result execute(const ImapCommand& command, const UntaggedHandler& onUntagged = {});
    // The same, but NO/BAD come back as a Result instead of an exception.
    Result tryExecute(const ImapCommand& command, const UntaggedHandler& onUntagged = {});

    // SELECT (readOnly = EXAMINE), with CONDSTORE when the server has it. Re-selecting the same
    // mailbox in the same mode is skipped unless `force`.
    ImapMailboxState select(const std::string& path, bool readOnly, bool force = false);
    const std::string& selectedPath() const { return selected_; }
    // Leaves the selected mailbox (UNSELECT; without it, CLOSE would expunge, so EXAMINE INBOX).
    void unselect();

    // RFC 2177 IDLE on the selected mailbox (the server must advertise IDLE): sends IDLE, waits
    // for the continuation, hands each untagged response to onUntagged as it arrives, and ends
    // with DONE once an EXISTS/EXPUNGE/FETCH/RECENT arrived, when stop() says so (polled at least
    // every 200 ms), or after maxIdle (RFC 2177: re-issue at most every 29 minutes). The silence
    // timeout does not apply while idling; cancellation still does (ErrorKind::Cancelled).
    // Returns whether the mailbox changed.
    bool idle(const std::function<bool()>& stop, std::chrono::seconds maxIdle,
              const std::function<void(const std::string& untagged)>& onUntagged = {});

    // LOGOUT and close; errors while closing are ignored.
    void logout() noexcept;

    const model::AccountConfig& account() const;
    WireBytes wireBytes() const;

private:
    Result run(const ImapCommand& command, const UntaggedHandler& onUntagged);
    std::size_t readSome(char* buffer, std::size_t size);
    void sendBytes(const std::string& bytes);
    ImapResponse nextResponse();
    void startCompression();

    std::chrono::milliseconds timeout_;
    std::unique_ptr<ServiceConnector> connector_;
    std::shared_ptr<vmime::net::store> store_;
    std::shared_ptr<vmime::net::socket> socket_;
    std::unique_ptr<ImapResponseReader> reader_;
    std::set<std::string> capabilities_;
    std::string selected_;
    bool selectedReadOnly_ = false;
    ImapMailboxState selectedState_;
    unsigned tag_ = 0;
    bool compressed_ = false;
};

}  // namespace petrel::net
