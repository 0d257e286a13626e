#pragma once
#include <cstdint>
#include <string>

namespace petrel::engine {

// Reported per batch, not per message: enough for a gauge without flooding the UI thread.
struct Progress {
    std::uint64_t jobId = 0;
    std::string phase;  // "headers", "flags", "download", ...
    std::uint64_t done = 0;
    std::uint64_t total = 0;  // 0 = unknown
};

}  // namespace petrel::engine
