// The periodic mail check's timing, with accounts and a check of its own (no server): the live
// path (a real check, a real notice) is in LiveSearchPreviewTest.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "CheckScheduler.h"
#include "EventLoopDriver.h"

using namespace std::chrono_literals;

namespace petrel::guitest {
namespace {

model::AccountConfig account(std::int64_t id, std::uint32_t interval) {
    model::AccountConfig a;
    a.id = id;
    a.name = "account " + std::to_string(id);
    a.checkIntervalSeconds = interval;
    return a;
}

TEST(CheckScheduler, ChecksEachAccountAtItsIntervalAndNeverWhileOffline) {
    runInEventLoop([] {
        std::vector<model::AccountConfig> accounts{account(1, 1), account(2, 0), account(3, 3600)};
        bool offline = false;
        std::vector<std::int64_t> checks;
        ui::CheckScheduler* self = nullptr;
        ui::CheckScheduler scheduler([&] { return accounts; }, [&] { return offline; },
                                     [&](std::int64_t id) {
                                         checks.push_back(id);
                                         self->checked(id);
                                     });
        self = &scheduler;
        scheduler.reschedule();
        // Counted from when it first saw the accounts: nothing at once.
        EXPECT_TRUE(checks.empty());
        ASSERT_TRUE(scheduler.nextWakeUp().has_value());
        EXPECT_LE(*scheduler.nextWakeUp() - std::chrono::steady_clock::now(), 1s);

        ASSERT_TRUE(spinUntil([&] { return checks.size() >= 2; }, 5s));
        for (auto id : checks) EXPECT_EQ(id, 1) << "only the account with a 1 s interval";

        // Offline: the timer keeps running, no check starts.
        offline = true;
        const std::size_t before = checks.size();
        spinFor(2500ms);
        EXPECT_EQ(checks.size(), before);
        offline = false;
        ASSERT_TRUE(spinUntil([&] { return checks.size() > before; }, 3s));
    });
}

TEST(CheckScheduler, ARunningCheckIsNotStartedAgainWithinTheInterval) {
    runInEventLoop([] {
        std::vector<model::AccountConfig> accounts{account(7, 1)};
        int attempts = 0;
        // A check that is refused (one still runs): the scheduler must not retry at once.
        ui::CheckScheduler scheduler([&] { return accounts; }, [] { return false; },
                                     [&](std::int64_t) { ++attempts; });
        scheduler.reschedule();
        spinFor(3500ms);
        EXPECT_GE(attempts, 2);
        EXPECT_LE(attempts, 4) << "about one attempt per interval, not a busy loop";
    });
}

TEST(CheckScheduler, ANewAccountIsCountedFromWhenItAppears) {
    runInEventLoop([] {
        std::vector<model::AccountConfig> accounts;
        std::vector<std::int64_t> checks;
        ui::CheckScheduler scheduler([&] { return accounts; }, [] { return false; },
                                     [&](std::int64_t id) { checks.push_back(id); });
        scheduler.reschedule();
        ASSERT_TRUE(scheduler.nextWakeUp().has_value());
        EXPECT_GE(*scheduler.nextWakeUp() - std::chrono::steady_clock::now(), 50s)
            << "no account: a rescan only";
        accounts.push_back(account(9, 1));
        scheduler.reschedule();
        EXPECT_TRUE(checks.empty());
        ASSERT_TRUE(spinUntil([&] { return !checks.empty(); }, 3s));
        EXPECT_EQ(checks.front(), 9);
    });
}

}  // namespace
}  // namespace petrel::guitest
