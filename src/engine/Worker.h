#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "engine/Job.h"
#include "engine/UiPoster.h"
#include "engine/UserQuestion.h"
#include "engine/WorkerResources.h"

namespace petrel::engine {

// One thread that runs one account connection's jobs in order. It owns the WorkerResources
// (vmime session, SQLite write connection) for that connection, created and destroyed on the
// thread itself.
class Worker {
public:
    Worker(std::string name, UiPoster poster, QuestionHandler questions);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    JobHandle submit(Job job, std::uint64_t jobId);
    // Cancels the job with this id, running or queued. False when it is unknown or finished.
    bool cancel(std::uint64_t jobId);
    void cancelAll();
    // Cancels everything, waits for the running job to return, joins the thread. Queued jobs
    // are finished with a Cancelled error.
    void stop();

    std::size_t queuedCount() const;
    const std::string& name() const { return name_; }

private:
    struct Entry {
        Job job;
        JobHandle handle;
    };

    void run();
    void execute(Entry& entry);
    void finish(Entry& entry, std::optional<model::Error> error);

    std::string name_;
    UiPoster poster_;
    QuestionHandler questions_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Entry> queue_;
    std::optional<JobHandle> running_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace petrel::engine
