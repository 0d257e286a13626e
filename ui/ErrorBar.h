#pragma once
#include <wx/infobar.h>

#include <functional>

namespace petrel::ui {

// Errors of background work, shown without blocking anything (DESIGN §1): a wxInfoBar over the
// panes with the message and, when the work can be repeated, a Retry button that resubmits it.
// The newest error replaces the one on display.
class ErrorBar : public wxInfoBar {
public:
    explicit ErrorBar(wxWindow* parent);

    // `retry` empty: no Retry button.
    void showError(const wxString& message, std::function<void()> retry = {});
    void clear();

    bool showing() const { return IsShown(); }
    const wxString& message() const { return message_; }
    bool canRetry() const { return static_cast<bool>(retry_); }
    // What the Retry button does (tests press it through a button event, as GTK's does).
    void retry();

private:
    wxString message_;
    std::function<void()> retry_;
};

}  // namespace petrel::ui
