#include "ErrorBar.h"

namespace petrel::ui {

ErrorBar::ErrorBar(wxWindow* parent) : wxInfoBar(parent, wxID_ANY) {
    SetName("ErrorBar");
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { retry(); }, wxID_RETRY);
    // The close button (wxID_ANY handler of wxInfoBar) dismisses; forget the action with it.
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& event) {
            retry_ = nullptr;
            message_.clear();
            event.Skip();
        },
        wxID_CLOSE);
}

void ErrorBar::showError(const wxString& message, std::function<void()> retry) {
    message_ = message;
    retry_ = std::move(retry);
    for (const wxWindowID id : {wxID_RETRY, wxID_CLOSE})
        if (HasButtonId(id)) RemoveButton(id);
    // Without buttons the bar has its own close button; with one, it needs an explicit Dismiss.
    // (GTK takes these labels literally: no '&' mnemonics.)
    if (retry_) {
        AddButton(wxID_RETRY, _("Retry"));
        AddButton(wxID_CLOSE, _("Dismiss"));
    }
    ShowMessage(message, wxICON_ERROR);
}

void ErrorBar::clear() {
    retry_ = nullptr;
    message_.clear();
    if (IsShown()) Dismiss();
}

void ErrorBar::retry() {
    auto action = std::move(retry_);
    clear();
    if (action) action();
}

}  // namespace petrel::ui
