#pragma once
#include <wx/dialog.h>

#include <string>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace petrel::ui {

// Asks for one level of a folder name (New Folder, Rename). OK stays disabled while the name is
// empty, unchanged, or contains the account's hierarchy separator; the reason is shown under
// the field as the user types.
class FolderNameDialog : public wxDialog {
public:
    FolderNameDialog(wxWindow* parent, const wxString& title, const wxString& prompt, const wxString& initial,
                     char separator);

    // The name as typed, UTF-8, without surrounding blanks.
    std::string name() const;
    wxTextCtrl* field() const { return field_; }
    wxButton* okButton() const { return ok_; }
    wxString problem() const;

private:
    void validate();

    wxTextCtrl* field_ = nullptr;
    wxStaticText* problem_ = nullptr;
    wxButton* ok_ = nullptr;
    wxString initial_;
    char separator_;
};

}  // namespace petrel::ui
