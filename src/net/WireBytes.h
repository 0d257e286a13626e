#pragma once
#include <cstdint>

namespace petrel::net {

// Bytes on the wire (TCP payload, TLS records included) at one moment. Counters only grow;
// an operation measures itself as the difference of two snapshots, so nobody ever resets a
// counter another operation is reading.
struct WireBytes {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;

    WireBytes operator-(const WireBytes& earlier) const noexcept {
        return {sent - earlier.sent, received - earlier.received};
    }
    WireBytes& operator+=(const WireBytes& other) noexcept {
        sent += other.sent;
        received += other.received;
        return *this;
    }
    std::uint64_t total() const noexcept { return sent + received; }
};

}  // namespace petrel::net
