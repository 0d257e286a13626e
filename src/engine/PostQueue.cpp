#include "engine/PostQueue.h"

namespace petrel::engine {

UiPoster PostQueue::poster() {
    return [this](std::function<void()> fn) {
        {
            std::lock_guard lock(mutex_);
            items_.push_back(std::move(fn));
        }
        wake_.notify_one();
    };
}

bool PostQueue::runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        std::function<void()> fn;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait_until(lock, deadline, [this] { return !items_.empty(); })) return done();
            fn = std::move(items_.front());
            items_.pop_front();
        }
        fn();
    }
    return true;
}

void PostQueue::runPending() {
    std::deque<std::function<void()>> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(items_);
    }
    for (auto& fn : batch) fn();
}

}  // namespace petrel::engine
