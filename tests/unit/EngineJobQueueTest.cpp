#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "engine/JobQueue.h"
#include "engine/PostQueue.h"
#include "engine/WorkerResources.h"

using namespace petrel::engine;
using petrel::model::Error;
using petrel::model::ErrorKind;

namespace {

struct Finished {
    bool done = false;
    std::optional<Error> error;
};

Job makeJob(std::function<void(JobContext&)> run, Finished& out) {
    Job job;
    job.name = "test";
    job.run = std::move(run);
    job.onFinished = [&out](const std::optional<Error>& e) {
        out.done = true;
        out.error = e;
    };
    return job;
}

}  // namespace

TEST(JobQueue, RunsJobOnWorkerThreadAndReportsOnPosterThread) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    Finished finished;
    std::thread::id jobThread;
    std::thread::id finishThread;
    Job job = makeJob([&](JobContext&) { jobThread = std::this_thread::get_id(); }, finished);
    auto inner = job.onFinished;
    job.onFinished = [&, inner](const std::optional<Error>& e) {
        finishThread = std::this_thread::get_id();
        inner(e);
    };
    queue.submit(1, Lane::Background, std::move(job));
    ASSERT_TRUE(posts.runUntil([&] { return finished.done; }, std::chrono::seconds(5)));
    EXPECT_FALSE(finished.error.has_value());
    EXPECT_NE(jobThread, std::this_thread::get_id());
    EXPECT_EQ(finishThread, std::this_thread::get_id());
}

TEST(JobQueue, OneWorkerThreadPerAccountConnectionKeepsOrder) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    std::mutex m;
    std::vector<int> order;
    std::set<std::thread::id> account1Threads;
    std::thread::id account2Thread;
    int finishedCount = 0;
    for (int i = 0; i < 5; ++i) {
        Job job;
        job.run = [&, i](JobContext&) {
            std::lock_guard lock(m);
            order.push_back(i);
            account1Threads.insert(std::this_thread::get_id());
        };
        job.onFinished = [&](const std::optional<Error>&) { ++finishedCount; };
        queue.submit(1, Lane::Background, std::move(job));
    }
    Job other;
    other.run = [&](JobContext&) { account2Thread = std::this_thread::get_id(); };
    other.onFinished = [&](const std::optional<Error>&) { ++finishedCount; };
    queue.submit(2, Lane::Background, std::move(other));
    ASSERT_TRUE(posts.runUntil([&] { return finishedCount == 6; }, std::chrono::seconds(5)));
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    ASSERT_EQ(account1Threads.size(), 1u);
    EXPECT_NE(*account1Threads.begin(), account2Thread);
}

TEST(JobQueue, CancelStopsARunningJobAtItsNextCheck) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    Finished finished;
    std::atomic<bool> started{false};
    std::atomic<int> batches{0};
    auto handle = queue.submit(1, Lane::Background, makeJob([&](JobContext& ctx) {
        started = true;
        for (int i = 0; i < 10000; ++i) {
            ctx.cancel().throwIfCancelled();
            ++batches;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }, finished));
    while (!started) std::this_thread::yield();
    EXPECT_TRUE(queue.cancel(handle.id));
    ASSERT_TRUE(posts.runUntil([&] { return finished.done; }, std::chrono::seconds(5)));
    ASSERT_TRUE(finished.error.has_value());
    EXPECT_EQ(finished.error->kind(), ErrorKind::Cancelled);
    EXPECT_LT(batches.load(), 10000);
}

TEST(JobQueue, QueuedJobCancelledBeforeItStartsNeverRuns) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    std::atomic<bool> release{false};
    Finished first, second;
    bool secondRan = false;
    queue.submit(1, Lane::Background, makeJob([&](JobContext&) {
        while (!release) std::this_thread::yield();
    }, first));
    auto h2 = queue.submit(1, Lane::Background, makeJob([&](JobContext&) { secondRan = true; }, second));
    EXPECT_TRUE(queue.cancel(h2.id));
    release = true;
    ASSERT_TRUE(posts.runUntil([&] { return first.done && second.done; }, std::chrono::seconds(5)));
    EXPECT_FALSE(secondRan);
    ASSERT_TRUE(second.error);
    EXPECT_EQ(second.error->kind(), ErrorKind::Cancelled);
}

TEST(JobQueue, ExceptionsBecomeTypedErrors) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    Finished typed, generic;
    queue.submit(1, Lane::Background, makeJob([](JobContext&) {
        throw Error(ErrorKind::Auth, "Wrong password");
    }, typed));
    queue.submit(1, Lane::Background, makeJob([](JobContext&) { throw std::runtime_error("boom"); }, generic));
    ASSERT_TRUE(posts.runUntil([&] { return typed.done && generic.done; }, std::chrono::seconds(5)));
    ASSERT_TRUE(typed.error);
    EXPECT_EQ(typed.error->kind(), ErrorKind::Auth);
    EXPECT_STREQ(typed.error->what(), "Wrong password");
    ASSERT_TRUE(generic.error);
    EXPECT_EQ(generic.error->kind(), ErrorKind::Protocol);
    EXPECT_EQ(generic.error->detail(), "boom");
}

TEST(JobQueue, ProgressArrivesPerBatchOnPosterThread) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    Finished finished;
    std::vector<Progress> seen;
    Job job = makeJob([](JobContext& ctx) {
        for (int batch = 1; batch <= 4; ++batch) ctx.reportProgress("headers", batch * 500, 2000);
    }, finished);
    job.onProgress = [&](const Progress& p) { seen.push_back(p); };
    queue.submit(1, Lane::Background, std::move(job));
    ASSERT_TRUE(posts.runUntil([&] { return finished.done; }, std::chrono::seconds(5)));
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen.back().done, 2000u);
    EXPECT_EQ(seen.back().total, 2000u);
    EXPECT_EQ(seen.front().phase, "headers");
}

TEST(JobQueue, QuestionsGoToTheFrontEndAndTheWorkerWaitsForTheAnswer) {
    PostQueue posts;
    std::thread::id askedOn;
    QuestionHandler handler = [&](const UserQuestion& q, std::function<void(UserAnswer)> reply) {
        askedOn = std::this_thread::get_id();
        UserAnswer a;
        a.accepted = q.fingerprint == "abc";
        a.remember = true;
        reply(a);
    };
    JobQueue queue(posts.poster(), handler);
    Finished finished;
    UserAnswer got;
    queue.submit(1, Lane::Interactive, makeJob([&](JobContext& ctx) {
        UserQuestion q;
        q.kind = UserQuestion::Kind::TrustCertificate;
        q.fingerprint = "abc";
        got = ctx.ask(q);
    }, finished));
    ASSERT_TRUE(posts.runUntil([&] { return finished.done; }, std::chrono::seconds(5)));
    EXPECT_EQ(askedOn, std::this_thread::get_id());
    EXPECT_TRUE(got.accepted);
    EXPECT_TRUE(got.remember);
}

TEST(JobQueue, UnansweredQuestionIsReleasedByCancel) {
    PostQueue posts;
    std::function<void(UserAnswer)> pendingReply;
    JobQueue queue(posts.poster(), [&](const UserQuestion&, std::function<void(UserAnswer)> reply) {
        pendingReply = std::move(reply);  // the user walked away
    });
    Finished finished;
    auto handle = queue.submit(1, Lane::Interactive, makeJob([](JobContext& ctx) { ctx.ask({}); }, finished));
    posts.runUntil([&] { return static_cast<bool>(pendingReply); }, std::chrono::seconds(5));
    ASSERT_TRUE(pendingReply);
    queue.cancel(handle.id);
    ASSERT_TRUE(posts.runUntil([&] { return finished.done; }, std::chrono::seconds(5)));
    ASSERT_TRUE(finished.error);
    EXPECT_EQ(finished.error->kind(), ErrorKind::Cancelled);
    pendingReply(UserAnswer{});  // a late answer must be harmless
}

TEST(JobQueue, WorkerResourcesLiveOnTheWorkerAndAreDroppedAfterNetworkErrors) {
    PostQueue posts;
    JobQueue queue(posts.poster(), {});
    struct Connection {
        int generation;
    };
    int generation = 0;
    std::vector<int> seen;
    int finishedCount = 0;
    auto useConnection = [&](bool fail) {
        Job job;
        job.run = [&, fail](JobContext& ctx) {
            auto& c = ctx.resources().getOrCreate<Connection>(
                [&] { return std::make_shared<Connection>(Connection{++generation}); });
            seen.push_back(c.generation);
            if (fail) throw Error(ErrorKind::Network, "Connection lost");
        };
        job.onFinished = [&](const std::optional<Error>&) { ++finishedCount; };
        queue.submit(7, Lane::Background, std::move(job));
    };
    useConnection(false);
    useConnection(true);
    useConnection(false);
    ASSERT_TRUE(posts.runUntil([&] { return finishedCount == 3; }, std::chrono::seconds(5)));
    EXPECT_EQ(seen, (std::vector<int>{1, 1, 2}));
}

TEST(JobQueue, ShutdownFinishesQueuedJobsAsCancelled) {
    PostQueue posts;
    Finished a, b;
    {
        JobQueue queue(posts.poster(), {});
        queue.submit(1, Lane::Background, makeJob([](JobContext& ctx) {
            while (!ctx.cancel().isCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ctx.cancel().throwIfCancelled();
        }, a));
        queue.submit(1, Lane::Background, makeJob([](JobContext&) {}, b));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        queue.shutdown();
    }
    posts.runPending();
    ASSERT_TRUE(a.done && b.done);
    EXPECT_EQ(a.error->kind(), ErrorKind::Cancelled);
    EXPECT_EQ(b.error->kind(), ErrorKind::Cancelled);
}
