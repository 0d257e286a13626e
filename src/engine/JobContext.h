#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "engine/CancelToken.h"
#include "engine/Progress.h"
#include "engine/UiPoster.h"
#include "engine/UserQuestion.h"

namespace petrel::engine {

class WorkerResources;

// What a running job may use: its cancel token, a progress reporter, a way to ask the user,
// and the resources its worker thread owns (connections that must never cross threads).
class JobContext {
public:
    JobContext(std::uint64_t jobId, CancelToken cancel, UiPoster poster,
               std::function<void(const Progress&)> onProgress, QuestionHandler questions,
               WorkerResources& resources);

    std::uint64_t jobId() const { return jobId_; }
    const CancelToken& cancel() const { return cancel_; }
    WorkerResources& resources() { return resources_; }

    // Posts progress to the front end's thread. Call once per batch.
    void reportProgress(const std::string& phase, std::uint64_t done, std::uint64_t total);

    // Posts the question to the front end and blocks this worker until it is answered or the
    // job is cancelled (then throws Cancelled). Without a handler the answer is "no".
    UserAnswer ask(const UserQuestion& question);

private:
    std::uint64_t jobId_;
    CancelToken cancel_;
    UiPoster poster_;
    std::function<void(const Progress&)> onProgress_;
    QuestionHandler questions_;
    WorkerResources& resources_;
};

}  // namespace petrel::engine
