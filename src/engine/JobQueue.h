#pragma once
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "engine/Job.h"
#include "engine/Worker.h"

namespace petrel::engine {

// Each account gets up to two connections, each with its own worker thread: Background for
// sync and bulk work, Interactive for what the user waits on (opening a message), so that a
// long sync never delays reading mail.
enum class Lane { Background, Interactive };

class JobQueue {
public:
    JobQueue(UiPoster poster, QuestionHandler questions);
    ~JobQueue();
    JobQueue(const JobQueue&) = delete;
    JobQueue& operator=(const JobQueue&) = delete;

    JobHandle submit(std::int64_t accountId, Lane lane, Job job);
    bool cancel(std::uint64_t jobId);
    void cancelAll();
    // Stops an account's workers (account removed, or gone offline).
    void stopAccount(std::int64_t accountId);
    void shutdown();

    // Jobs queued or running, across all workers.
    std::size_t activeCount() const;

private:
    Worker& workerFor(std::int64_t accountId, Lane lane);

    UiPoster poster_;
    QuestionHandler questions_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::int64_t, Lane>, std::unique_ptr<Worker>> workers_;
    std::atomic<std::uint64_t> nextJobId_{1};
};

}  // namespace petrel::engine
