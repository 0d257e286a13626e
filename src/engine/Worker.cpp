#include "engine/Worker.h"

#include "engine/JobErrors.h"

namespace petrel::engine {

Worker::Worker(std::string name, UiPoster poster, QuestionHandler questions)
    : name_(std::move(name)), poster_(std::move(poster)), questions_(std::move(questions)) {
    thread_ = std::thread([this] { run(); });
}

Worker::~Worker() { stop(); }

JobHandle Worker::submit(Job job, std::uint64_t jobId) {
    JobHandle handle{jobId, CancelToken()};
    bool rejected = false;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            rejected = true;
        } else {
            queue_.push_back(Entry{std::move(job), handle});
        }
    }
    if (rejected) {
        Entry entry{std::move(job), handle};
        finish(entry, model::Error(model::ErrorKind::Cancelled, "Petrel is shutting down"));
    }
    wake_.notify_one();
    return handle;
}

bool Worker::cancel(std::uint64_t jobId) {
    std::lock_guard lock(mutex_);
    if (running_ && running_->id == jobId) {
        running_->cancel.cancel();
        return true;
    }
    for (auto& entry : queue_) {
        if (entry.handle.id == jobId) {
            entry.handle.cancel.cancel();
            return true;
        }
    }
    return false;
}

void Worker::cancelAll() {
    std::lock_guard lock(mutex_);
    if (running_) running_->cancel.cancel();
    for (auto& entry : queue_) entry.handle.cancel.cancel();
}

void Worker::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        if (running_) running_->cancel.cancel();
        for (auto& entry : queue_) entry.handle.cancel.cancel();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::size_t Worker::queuedCount() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + (running_ ? 1 : 0);
}

void Worker::run() {
    WorkerResources resources;
    for (;;) {
        Entry entry;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping and nothing left
            entry = std::move(queue_.front());
            queue_.pop_front();
            running_ = entry.handle;
        }
        if (entry.handle.cancel.isCancelled()) {
            finish(entry, model::Error(model::ErrorKind::Cancelled, "Cancelled"));
        } else {
            JobContext context(entry.handle.id, entry.handle.cancel, poster_, entry.job.onProgress,
                               questions_, resources);
            std::optional<model::Error> error;
            try {
                entry.job.run(context);
            } catch (...) {
                error = toError(std::current_exception());
                // After a failure the connection state is unknown; a network error in particular
                // leaves a vmime store that cannot reconnect. Start clean for the next job.
                if (error->kind() == model::ErrorKind::Network || error->kind() == model::ErrorKind::Tls) {
                    resources.clear();
                }
            }
            finish(entry, std::move(error));
        }
        std::lock_guard lock(mutex_);
        running_.reset();
    }
    resources.clear();  // vmime objects die on the thread that made them
}

void Worker::finish(Entry& entry, std::optional<model::Error> error) {
    if (!entry.job.onFinished) return;
    if (poster_) {
        poster_([done = std::move(entry.job.onFinished), error = std::move(error)] { done(error); });
    } else {
        entry.job.onFinished(error);
    }
}

}  // namespace petrel::engine
