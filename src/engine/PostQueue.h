#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "engine/UiPoster.h"

namespace petrel::engine {

// A UiPoster for front ends without an event loop (petrel-cli, tests): workers post, the
// owning thread drains with runUntil/runPending.
class PostQueue {
public:
    UiPoster poster();

    // Runs posted functions until `done()` is true (checked after each one) or the timeout
    // passes. Returns done().
    bool runUntil(const std::function<bool()>& done,
                  std::chrono::milliseconds timeout = std::chrono::hours(24));
    // Runs what is queued now, without waiting.
    void runPending();

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> items_;
};

}  // namespace petrel::engine
