#pragma once
#include <chrono>
#include <cstdint>

namespace petrel::store {

// Seconds since the Unix epoch, UTC: the unit of every *_at column. Repositories take `now`
// as a defaulted parameter so tests can pass fixed times.
inline std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace petrel::store
