#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/CancelToken.h"
#include "engine/JobContext.h"
#include "engine/Progress.h"
#include "model/Error.h"

namespace petrel::engine {

// A unit of background work for one account. `run` executes on the account's worker thread;
// `onProgress` and `onFinished` run on the front end's thread (through the UiPoster).
struct Job {
    std::string name;  // "sync", "open", "attachment", ... (also the byte-counter operation)
    std::function<void(JobContext&)> run;
    std::function<void(const Progress&)> onProgress;
    // Called exactly once: nullopt on success, the typed error otherwise (Cancelled included).
    std::function<void(const std::optional<model::Error>&)> onFinished;
};

struct JobHandle {
    std::uint64_t id = 0;
    CancelToken cancel;
};

}  // namespace petrel::engine
