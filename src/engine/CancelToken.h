#pragma once
#include <atomic>
#include <memory>

namespace petrel::engine {

// Shared flag between whoever may cancel a job (the UI's cancel button, Ctrl-C in the CLI)
// and the job itself, which checks it between batches and from vmime's timeout handler.
// Copies share one flag.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

    void cancel() const noexcept { flag_->store(true, std::memory_order_relaxed); }
    bool isCancelled() const noexcept { return flag_->load(std::memory_order_relaxed); }
    // Throws model::Error(Cancelled) when cancelled: the job boundary turns it into a result.
    void throwIfCancelled() const;

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace petrel::engine
