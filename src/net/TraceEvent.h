#pragma once
#include <functional>
#include <string>

namespace petrel::net {

enum class TraceDirection { Sent, Received };

// One line of a protocol dialogue, already redacted (see RedactingTracer).
struct TraceEvent {
    std::string protocol;  // "imap", "pop3", "smtp"
    int connection = 0;    // vmime's connection number: a store may run several connections
    TraceDirection direction = TraceDirection::Sent;
    std::string text;  // without CRLF
};

// Receives trace lines. Called on the connection's worker thread; a sink shared by several
// accounts must do its own locking.
using TraceSink = std::function<void(const TraceEvent&)>;

}  // namespace petrel::net
