#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "net/TraceEvent.h"

namespace petrel::net {

class TrustVerifier;
class WireCounter;

// A whole exchange that vmime reads itself (greeting + TLS + login; an SMTP transaction) may take
// this many `timeout`s at most, however the bytes trickle in (see InterruptState's deadline).
inline constexpr int kExchangeTimeouts = 4;
// An SMTP transaction's allowance grows with the message, at this slowest upload rate.
inline constexpr std::uint64_t kSlowestUploadBytesPerSecond = 2048;

// How a connection is made, beyond what the account configuration says.
struct ConnectOptions {
    // Silence from the server longer than this ends the operation with ErrorKind::Network.
    // Counted from the last byte received, so a long download never times out while it flows.
    std::chrono::milliseconds timeout{30'000};
    // Polled every ~10 ms while vmime waits; true ends the operation with ErrorKind::Cancelled.
    std::function<bool()> isCancelled;
    // Receives the redacted protocol dialogue; empty = no tracing at all.
    TraceSink trace;
    // null = TrustVerifier::system(). Tests inject one with an extra trust anchor.
    std::shared_ptr<const TrustVerifier> verifier;
    // null = a fresh counter. Pass the account's counter to accumulate its traffic.
    std::shared_ptr<WireCounter> wire;
};

}  // namespace petrel::net
