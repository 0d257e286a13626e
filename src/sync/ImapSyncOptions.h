#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace petrel::sync {

// How a sync job talks back: progress once per chunk, cancellation checked between chunks.
struct ImapSyncOptions {
    std::uint32_t chunkSize = 1000;  // messages per FETCH and per transaction
    std::function<bool()> isCancelled;
    std::function<void(const std::string& phase, std::uint64_t done, std::uint64_t total)> progress;
};

}  // namespace petrel::sync
