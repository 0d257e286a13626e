#include "JobStatusBar.h"

#include <wx/button.h>
#include <wx/gauge.h>

#include <algorithm>

#include "DisplayFormat.h"

namespace petrel::ui {

JobStatusBar::JobStatusBar(wxWindow* parent) : wxStatusBar(parent, wxID_ANY, wxSTB_DEFAULT_STYLE) {
    SetName("JobStatusBar");
    SetFieldsCount(FieldCount);
    const int widths[FieldCount] = {-1, FromDIP(220), FromDIP(210), FromDIP(150), FromDIP(190)};
    SetStatusWidths(FieldCount, widths);

    gauge_ = new wxGauge(this, wxID_ANY, 100, wxDefaultPosition, wxDefaultSize, wxGA_HORIZONTAL | wxGA_SMOOTH);
    gauge_->SetName("JobGauge");
    cancel_ = new wxButton(this, wxID_ANY, _("Cancel"), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    cancel_->SetName("JobCancel");
    cancel_->SetToolTip(_("Stop the running job"));
    gauge_->Hide();
    cancel_->Hide();

    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (const auto id = shownJob(); id && onCancel) onCancel(*id);
    });
    Bind(wxEVT_SIZE, [this](wxSizeEvent& event) {
        event.Skip();
        placeControls();
    });
    Bind(wxEVT_LEFT_DOWN, [this](wxMouseEvent& event) {
        event.Skip();
        wxRect rect;
        if (GetFieldRect(FieldOnline, rect) && rect.Contains(event.GetPosition()) && onToggleOnline) onToggleOnline();
    });
    setOnline(true);
    setSessionBytes(0);
}

std::optional<std::uint64_t> JobStatusBar::shownJob() const {
    if (jobs_.empty()) return std::nullopt;
    return jobs_.front().id;
}

void JobStatusBar::jobStarted(std::uint64_t jobId, const wxString& label) {
    jobs_.push_back({jobId, label, wxString(), 0, 0});
    refresh();
}

void JobStatusBar::jobProgress(const engine::Progress& progress) {
    for (auto& job : jobs_) {
        if (job.id != progress.jobId) continue;
        job.phase = format::u8(progress.phase);
        job.done = progress.done;
        job.total = progress.total;
        refresh();
        return;
    }
}

void JobStatusBar::jobFinished(std::uint64_t jobId, const wxString& outcome) {
    const auto it = std::find_if(jobs_.begin(), jobs_.end(), [jobId](const Running& job) { return job.id == jobId; });
    if (it == jobs_.end()) return;
    jobs_.erase(it);
    refresh();
    if (jobs_.empty()) SetStatusText(outcome, FieldText);
}

void JobStatusBar::refresh() {
    if (jobs_.empty()) {
        gauge_->Hide();
        cancel_->Hide();
        return;
    }
    const Running& job = jobs_.front();
    wxString text = job.label;
    if (!job.phase.empty()) {
        text += wxString::FromUTF8(" \xe2\x80\x94 ") + job.phase;
        if (job.total) text += wxString::Format(" (%llu/%llu)", static_cast<unsigned long long>(job.done),
                                                static_cast<unsigned long long>(job.total));
    }
    if (jobs_.size() > 1)
        text += wxString::Format(wxPLURAL(" (and %zu more job)", " (and %zu more jobs)", jobs_.size() - 1),
                                 jobs_.size() - 1);
    SetStatusText(text, FieldText);
    if (job.total) {
        const int range = static_cast<int>(std::min<std::uint64_t>(job.total, 1'000'000));
        gauge_->SetRange(range);
        gauge_->SetValue(static_cast<int>(std::min<std::uint64_t>(job.done * range / job.total, range)));
    } else {
        gauge_->Pulse();
    }
    if (!gauge_->IsShown()) {
        gauge_->Show();
        cancel_->Show();
        placeControls();
    }
}

void JobStatusBar::placeControls() {
    wxRect rect;
    if (!GetFieldRect(FieldActivity, rect)) return;
    const wxSize best = cancel_->GetBestSize();
    const int buttonWidth = best.x;
    const int height = std::min(rect.height, best.y);
    cancel_->SetSize(rect.x + rect.width - buttonWidth, rect.y + (rect.height - height) / 2, buttonWidth, height);
    const int gaugeHeight = std::min(rect.height - 4, FromDIP(14));
    gauge_->SetSize(rect.x + 2, rect.y + (rect.height - gaugeHeight) / 2,
                    std::max(10, rect.width - buttonWidth - FromDIP(8)), gaugeHeight);
}

void JobStatusBar::setOnline(bool online) {
    online_ = online;
    showOnline();
}

void JobStatusBar::setWaitingOperations(std::uint32_t count) {
    waiting_ = count;
    showOnline();
}

void JobStatusBar::showOnline() {
    wxString text = online_ ? _("Online") : _("Offline");
    // Changes made while a server could not be reached: they go out at the next sync.
    if (waiting_ > 0) text += wxString::Format(wxPLURAL(", %u waiting", ", %u waiting", waiting_), waiting_);
    SetStatusText(text, FieldOnline);
}

void JobStatusBar::setSessionBytes(std::uint64_t bytes) {
    bytes_ = bytes;
    SetStatusText(wxString::Format(_("%s this session"), format::size(bytes)), FieldBytes);
}

}  // namespace petrel::ui
