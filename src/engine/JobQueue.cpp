#include "engine/JobQueue.h"

#include <string>
#include <vector>

namespace petrel::engine {

JobQueue::JobQueue(UiPoster poster, QuestionHandler questions)
    : poster_(std::move(poster)), questions_(std::move(questions)) {}

JobQueue::~JobQueue() { shutdown(); }

Worker& JobQueue::workerFor(std::int64_t accountId, Lane lane) {
    auto& slot = workers_[{accountId, lane}];
    if (!slot) {
        std::string name = "account-" + std::to_string(accountId) +
                           (lane == Lane::Background ? "-background" : "-interactive");
        slot = std::make_unique<Worker>(std::move(name), poster_, questions_);
    }
    return *slot;
}

JobHandle JobQueue::submit(std::int64_t accountId, Lane lane, Job job) {
    std::lock_guard lock(mutex_);
    return workerFor(accountId, lane).submit(std::move(job), nextJobId_++);
}

bool JobQueue::cancel(std::uint64_t jobId) {
    std::lock_guard lock(mutex_);
    for (auto& [key, worker] : workers_) {
        if (worker->cancel(jobId)) return true;
    }
    return false;
}

void JobQueue::cancelAll() {
    std::lock_guard lock(mutex_);
    for (auto& [key, worker] : workers_) worker->cancelAll();
}

void JobQueue::stopAccount(std::int64_t accountId) {
    std::vector<std::unique_ptr<Worker>> stopping;
    {
        std::lock_guard lock(mutex_);
        for (auto it = workers_.begin(); it != workers_.end();) {
            if (it->first.first == accountId) {
                stopping.push_back(std::move(it->second));
                it = workers_.erase(it);
            } else {
                ++it;
            }
        }
    }
    // Joined outside the lock: a finishing job may post work that submits again.
    for (auto& worker : stopping) worker->stop();
}

void JobQueue::shutdown() {
    std::map<std::pair<std::int64_t, Lane>, std::unique_ptr<Worker>> stopping;
    {
        std::lock_guard lock(mutex_);
        stopping.swap(workers_);
    }
    for (auto& [key, worker] : stopping) worker->stop();
}

std::size_t JobQueue::activeCount() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [key, worker] : workers_) n += worker->queuedCount();
    return n;
}

}  // namespace petrel::engine
