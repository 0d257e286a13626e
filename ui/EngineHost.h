#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "engine/Engine.h"
#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

namespace petrel::engine {
class SecretStore;
}

namespace petrel::ui {

// What "Check mail" runs for one account on that account's Background worker: by default the
// engine's IMAP / POP3 sync (MailSync); tests may replace it with EngineHost::setSyncAccount.
using SyncAccountFn =
    std::function<void(engine::JobContext&, const engine::Profile&, const model::AccountConfig&)>;

// The GUI's one engine for one profile, with what the front end adds around it: the keyring, the
// sync hook, the offline switch and the traffic of jobs that belong to no account yet. PetrelApp
// owns one; a MainFrame built without one (tests) makes its own. UI thread, except where noted.
class EngineHost {
public:
    // Poster: WxUiPoster; questions: GuiQuestionHandler. `secrets` null = the platform keyring
    // (nothing is contacted until a job needs it).
    explicit EngineHost(engine::Profile profile, std::shared_ptr<engine::SecretStore> secrets = nullptr);
    ~EngineHost();
    EngineHost(const EngineHost&) = delete;
    EngineHost& operator=(const EngineHost&) = delete;

    const engine::Profile& profile() const { return engine_->profile(); }
    engine::Engine& engine() { return *engine_; }
    engine::JobQueue& jobs() { return engine_->jobs(); }
    // Shared with jobs: every call may block on D-Bus, so only workers use it.
    const std::shared_ptr<engine::SecretStore>& secrets() const { return secrets_; }

    void setSyncAccount(SyncAccountFn sync);
    const SyncAccountFn& syncAccount() const { return sync_; }

    // Work offline: while set, no network job is submitted (JobTracker and the account dialogs
    // ask before they submit). Read from any thread.
    bool offline() const { return offline_.load(std::memory_order_relaxed); }
    void setOffline(bool offline) { offline_.store(offline, std::memory_order_relaxed); }

    // Wire bytes of work that is not counted per account in the index (a connection test of an
    // account not saved yet). Any thread.
    void addUnaccountedBytes(std::uint64_t bytes) { unaccounted_.fetch_add(bytes, std::memory_order_relaxed); }
    std::uint64_t unaccountedBytes() const { return unaccounted_.load(std::memory_order_relaxed); }

    // Stops every worker (waits for running jobs to notice their cancellation).
    void shutdown();

private:
    std::shared_ptr<engine::SecretStore> secrets_;
    std::unique_ptr<engine::Engine> engine_;
    SyncAccountFn sync_;
    std::atomic<bool> offline_{false};
    std::atomic<std::uint64_t> unaccounted_{0};
};

}  // namespace petrel::ui
