#pragma once
#include <wx/string.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/JobQueue.h"
#include "model/Error.h"

class wxWindow;

namespace petrel::ui {

class EngineHost;
class ErrorBar;
class JobStatusBar;

// One piece of background work as the main window submits it: enough to show it, to refuse it
// while offline, and to submit it again from the error bar's Retry.
struct JobRequest {
    std::int64_t accountId = 0;
    engine::Lane lane = engine::Lane::Background;
    std::string name;        // the engine job's name (also its byte-counter operation)
    wxString label;          // in the status bar while it runs: "Checking mail: Work"
    wxString doneLabel;      // in the status bar after it succeeded: "Checked mail: Work"
    wxString failureTitle;   // in the error bar before the message: "Checking mail for Work failed"
    bool network = true;     // refused while working offline
    std::function<void(engine::JobContext&)> run;                            // on the worker
    std::function<void(const std::optional<model::Error>&)> onFinished;      // UI thread, owner alive
};

// Submits jobs for the main window and keeps the status bar and the error bar in step with
// them: name and gauge while they run, Cancel, errors with Retry. UI thread only; every
// callback dies with the owner window.
class JobTracker {
public:
    JobTracker(wxWindow& owner, EngineHost& host, JobStatusBar& status, ErrorBar& errors);

    // The job's id, or nullopt when a network job was refused because Petrel works offline.
    std::optional<std::uint64_t> submit(JobRequest request);
    bool cancel(std::uint64_t jobId);
    // Going offline: stop what talks to servers.
    void cancelNetworkJobs();
    std::size_t runningCount() const { return running_.size(); }
    bool isRunning(std::uint64_t jobId) const { return running_.count(jobId) != 0; }

    // After each job, successful or not (the frame re-reads counters and the index).
    std::function<void()> afterEachJob;

private:
    void finished(std::uint64_t jobId, const JobRequest& request, const std::optional<model::Error>& error);

    wxWindow& owner_;
    EngineHost& host_;
    JobStatusBar& status_;
    ErrorBar& errors_;
    std::map<std::uint64_t, bool> running_;  // id -> network
};

}  // namespace petrel::ui
