#pragma once
#include <wx/timer.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "model/AccountConfig.h"

namespace petrel::ui {

// The periodic mail check: each account with a check interval is checked that long after its
// last check (Check Mail by hand counts too; a window counts from when it first saw the account),
// by the same job Check Mail runs. One one-shot wxTimer waits until the next account is due, and
// looks at the accounts again at least every kRescan, so a changed interval or a new account is
// noticed. Nothing is started while working offline; `check` itself refuses a second check of an
// account whose check still runs. UI thread only.
class CheckScheduler {
public:
    using Clock = std::chrono::steady_clock;

    // accounts: the current accounts (throws on a read error: retried at the next rescan);
    // offline: true while no network job may start; check: starts the account's check.
    CheckScheduler(std::function<std::vector<model::AccountConfig>()> accounts, std::function<bool()> offline,
                   std::function<void(std::int64_t accountId)> check);
    ~CheckScheduler();
    CheckScheduler(const CheckScheduler&) = delete;
    CheckScheduler& operator=(const CheckScheduler&) = delete;

    // A check of the account was started now (by hand or by this scheduler).
    void checked(std::int64_t accountId);
    // Checks what is due now and sets the timer for the next one (after an account changed).
    void reschedule();

    // When the timer fires next (tests); nullopt when it does not run.
    std::optional<Clock::time_point> nextWakeUp() const;

    static constexpr std::chrono::seconds kRescan{60};

private:
    void onTimer(wxTimerEvent& event);

    std::function<std::vector<model::AccountConfig>()> accounts_;
    std::function<bool()> offline_;
    std::function<void(std::int64_t)> check_;
    std::map<std::int64_t, Clock::time_point> lastCheck_;
    wxTimer timer_;
    Clock::time_point wakeUp_{};
};

}  // namespace petrel::ui
