#include "JobTracker.h"

#include <memory>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "JobStatusBar.h"
#include "WxUiPoster.h"

namespace petrel::ui {

JobTracker::JobTracker(wxWindow& owner, EngineHost& host, JobStatusBar& status, ErrorBar& errors)
    : owner_(owner), host_(host), status_(status), errors_(errors) {}

std::optional<std::uint64_t> JobTracker::submit(JobRequest request) {
    if (request.network && host_.offline()) {
        status_.SetStatusText(wxString::Format(_("Working offline: %s skipped"), request.label), JobStatusBar::FieldText);
        return std::nullopt;
    }
    auto id = std::make_shared<std::uint64_t>(0);
    engine::Job job;
    job.name = request.name;
    job.run = request.run;
    job.onProgress = WxUiPoster::boundTo<const engine::Progress&>(
        &owner_, [this](const engine::Progress& progress) { status_.jobProgress(progress); });
    job.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
        &owner_, [this, id, request](const std::optional<model::Error>& error) { finished(*id, request, error); });
    *id = host_.jobs().submit(request.accountId, request.lane, std::move(job)).id;
    running_[*id] = request.network;
    status_.jobStarted(*id, request.label);
    return *id;
}

bool JobTracker::cancel(std::uint64_t jobId) { return host_.jobs().cancel(jobId); }

void JobTracker::cancelNetworkJobs() {
    for (const auto& [id, network] : running_)
        if (network) host_.jobs().cancel(id);
}

void JobTracker::finished(std::uint64_t jobId, const JobRequest& request, const std::optional<model::Error>& error) {
    running_.erase(jobId);
    wxString outcome = request.doneLabel;
    if (error) {
        outcome = error->kind() == model::ErrorKind::Cancelled
                      ? wxString::Format(_("%s: cancelled"), request.label)
                      : wxString::Format(_("%s: failed"), request.label);
    }
    status_.jobFinished(jobId, outcome);
    if (error && error->kind() != model::ErrorKind::Cancelled) {
        wxString message = request.failureTitle.empty() ? request.label : request.failureTitle;
        message += ": " + format::u8(error->what());
        errors_.showError(message, [this, request] { submit(request); });
    }
    if (request.onFinished) request.onFinished(error);
    if (afterEachJob) afterEachJob();
}

}  // namespace petrel::ui
