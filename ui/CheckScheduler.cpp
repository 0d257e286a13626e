#include "CheckScheduler.h"

#include <algorithm>

namespace petrel::ui {

CheckScheduler::CheckScheduler(std::function<std::vector<model::AccountConfig>()> accounts,
                               std::function<bool()> offline, std::function<void(std::int64_t)> check)
    : accounts_(std::move(accounts)), offline_(std::move(offline)), check_(std::move(check)) {
    timer_.Bind(wxEVT_TIMER, &CheckScheduler::onTimer, this);
}

CheckScheduler::~CheckScheduler() {
    timer_.Stop();
}

void CheckScheduler::checked(std::int64_t accountId) {
    lastCheck_[accountId] = Clock::now();
}

std::optional<CheckScheduler::Clock::time_point> CheckScheduler::nextWakeUp() const {
    if (!timer_.IsRunning()) return std::nullopt;
    return wakeUp_;
}

void CheckScheduler::onTimer(wxTimerEvent&) {
    reschedule();
}

void CheckScheduler::reschedule() {
    timer_.Stop();
    const Clock::time_point now = Clock::now();
    Clock::time_point next = now + kRescan;
    try {
        const bool offline = offline_();
        for (const auto& account : accounts_()) {
            if (account.checkIntervalSeconds == 0) continue;
            const auto interval = std::chrono::seconds(account.checkIntervalSeconds);
            auto [it, firstSeen] = lastCheck_.try_emplace(account.id, now);
            if (!firstSeen && !offline && now - it->second >= interval) {
                // check() calls checked() when it starts one; a check still running counts as
                // checked now, so the next try waits a whole interval again.
                check_(account.id);
                it->second = std::max(it->second, now);
            }
            next = std::min(next, it->second + interval);
        }
    } catch (const std::exception&) {
        // The accounts could not be read: try again at the next rescan.
    }
    // Timers are not exact: never spin on a due time a few milliseconds away.
    const auto wait = std::max<Clock::duration>(next - now, std::chrono::milliseconds(200));
    wakeUp_ = now + wait;
    timer_.StartOnce(static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()));
}

}  // namespace petrel::ui
