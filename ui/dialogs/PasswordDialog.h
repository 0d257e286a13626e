#pragma once
#include <wx/dialog.h>

class wxCheckBox;
class wxTextCtrl;

namespace petrel::ui {

// Asks for an account's password when none is stored or the server rejected it. "Remember in
// the keyring" stores it in the OS keyring (never in Petrel's own files); unticked, it is used
// for this connection only.
class PasswordDialog : public wxDialog {
public:
    PasswordDialog(wxWindow* parent, const wxString& title, const wxString& message);

    wxString password() const;
    bool remember() const;

    wxTextCtrl* passwordCtrl() const { return password_; }
    wxCheckBox* rememberCtrl() const { return remember_; }

private:
    wxTextCtrl* password_ = nullptr;
    wxCheckBox* remember_ = nullptr;
};

}  // namespace petrel::ui
