#pragma once
#include <memory>

#include "engine/JobQueue.h"
#include "engine/Profile.h"
#include "engine/UiPoster.h"
#include "engine/UserQuestion.h"

namespace petrel::engine {

// The facade both front ends talk to: a profile (index + cache), the job queue with one
// worker per account connection, and the two channels back to the front end: the UiPoster for
// results and the QuestionHandler for decisions only the user can make.
class Engine {
public:
    Engine(Profile profile, UiPoster poster, QuestionHandler questions);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const Profile& profile() const { return profile_; }
    JobQueue& jobs() { return *jobs_; }
    const UiPoster& poster() const { return poster_; }

    // Stops every worker and waits for running jobs to notice their cancellation.
    void shutdown();

private:
    Profile profile_;
    UiPoster poster_;
    std::unique_ptr<JobQueue> jobs_;
};

}  // namespace petrel::engine
