#pragma once
#include <wx/statusbr.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/Progress.h"

class wxButton;
class wxGauge;

namespace petrel::ui {

// The main window's status bar: messages and the running job's name, the folder counts, a gauge
// fed by the job's progress with a Cancel button, online/offline (click to toggle), and the bytes
// transferred this session. Field 1 keeps the folder counts it always had.
class JobStatusBar : public wxStatusBar {
public:
    enum Field { FieldText, FieldCounts, FieldActivity, FieldOnline, FieldBytes, FieldCount };

    explicit JobStatusBar(wxWindow* parent);

    void jobStarted(std::uint64_t jobId, const wxString& label);
    void jobProgress(const engine::Progress& progress);
    // `outcome` replaces the job's name in field 0 when nothing else runs ("Checked mail: Work").
    void jobFinished(std::uint64_t jobId, const wxString& outcome);
    void setOnline(bool online);
    // Operations queued while offline (OpQueue), shown beside online/offline.
    void setWaitingOperations(std::uint32_t count);
    std::uint32_t waitingOperations() const { return waiting_; }
    void setSessionBytes(std::uint64_t bytes);

    // The Cancel button asks to cancel the job on display; clicking the online field toggles.
    std::function<void(std::uint64_t jobId)> onCancel;
    std::function<void()> onToggleOnline;

    // The job whose name and gauge are on display, if any.
    std::optional<std::uint64_t> shownJob() const;
    std::size_t runningCount() const { return jobs_.size(); }
    wxGauge* gauge() const { return gauge_; }
    wxButton* cancelButton() const { return cancel_; }
    bool online() const { return online_; }
    std::uint64_t sessionBytes() const { return bytes_; }

private:
    struct Running {
        std::uint64_t id = 0;
        wxString label;
        wxString phase;
        std::uint64_t done = 0;
        std::uint64_t total = 0;
    };

    void refresh();
    void placeControls();
    void showOnline();

    std::vector<Running> jobs_;
    wxGauge* gauge_ = nullptr;
    wxButton* cancel_ = nullptr;
    bool online_ = true;
    std::uint32_t waiting_ = 0;
    std::uint64_t bytes_ = 0;
};

}  // namespace petrel::ui
