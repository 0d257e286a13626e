#pragma once
#include <wx/dialog.h>

class wxButton;
class wxCheckBox;

namespace petrel::ui {

// The warning before a password goes over the network unencrypted. The safe answer is the
// default: Enter or Escape means "don't connect"; connecting anyway is wxID_YES.
class PlaintextDialog : public wxDialog {
public:
    PlaintextDialog(wxWindow* parent, const wxString& title, const wxString& message);

    bool alwaysAllow() const;

    wxButton* connectButton() const { return connect_; }
    wxButton* cancelButton() const { return cancel_; }

private:
    wxCheckBox* always_ = nullptr;
    wxButton* connect_ = nullptr;
    wxButton* cancel_ = nullptr;
};

}  // namespace petrel::ui
