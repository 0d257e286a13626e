#include "engine/JobContext.h"

#include <chrono>
#include <future>
#include <memory>

namespace petrel::engine {

JobContext::JobContext(std::uint64_t jobId, CancelToken cancel, UiPoster poster,
                       std::function<void(const Progress&)> onProgress, QuestionHandler questions,
                       WorkerResources& resources)
    : jobId_(jobId),
      cancel_(std::move(cancel)),
      poster_(std::move(poster)),
      onProgress_(std::move(onProgress)),
      questions_(std::move(questions)),
      resources_(resources) {}

void JobContext::reportProgress(const std::string& phase, std::uint64_t done, std::uint64_t total) {
    if (!onProgress_ || !poster_) return;
    Progress p{jobId_, phase, done, total};
    poster_([cb = onProgress_, p] { cb(p); });
}

UserAnswer JobContext::ask(const UserQuestion& question) {
    if (!questions_ || !poster_) return {};
    // The promise outlives this frame if the job is cancelled before the user answers.
    auto promise = std::make_shared<std::promise<UserAnswer>>();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    auto future = promise->get_future();
    poster_([handler = questions_, question, promise, answered] {
        handler(question, [promise, answered](UserAnswer answer) {
            if (!answered->exchange(true)) promise->set_value(std::move(answer));
        });
    });
    while (future.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        cancel_.throwIfCancelled();
    }
    return future.get();
}

}  // namespace petrel::engine
