#include "dialogs/FolderNameDialog.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "DisplayFormat.h"
#include "engine/FolderService.h"

namespace petrel::ui {

FolderNameDialog::FolderNameDialog(wxWindow* parent, const wxString& title, const wxString& prompt,
                                   const wxString& initial, char separator)
    : wxDialog(parent, wxID_ANY, title), initial_(initial), separator_(separator) {
    SetName("FolderNameDialog");
    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(new wxStaticText(this, wxID_ANY, prompt), wxSizerFlags().Border(wxALL, FromDIP(10)));
    field_ = new wxTextCtrl(this, wxID_ANY, initial, wxDefaultPosition, FromDIP(wxSize(320, -1)),
                            wxTE_PROCESS_ENTER);
    field_->SetName("FolderName");
    layout->Add(field_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(10)));
    problem_ = new wxStaticText(this, wxID_ANY, wxString());
    problem_->SetName("FolderNameProblem");
    problem_->SetForegroundColour(*wxRED);
    layout->Add(problem_, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    layout->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL), wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetSizerAndFit(layout);
    ok_ = dynamic_cast<wxButton*>(FindWindow(wxID_OK));
    field_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { validate(); });
    field_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        if (ok_ && ok_->IsEnabled()) EndModal(wxID_OK);
    });
    validate();
    field_->SetFocus();
    field_->SelectAll();
    CentreOnParent();
}

std::string FolderNameDialog::name() const {
    return format::toUtf8(field_->GetValue().Strip(wxString::both));
}

wxString FolderNameDialog::problem() const {
    const wxString typed = field_->GetValue().Strip(wxString::both);
    if (!initial_.empty() && typed == initial_) return _("Type a new name.");
    const std::string why = engine::folderNameProblem(name(), separator_);
    return format::u8(why);
}

void FolderNameDialog::validate() {
    const wxString why = problem();
    // An empty field needs no red text: the disabled OK says enough until something is typed.
    problem_->SetLabel(field_->IsEmpty() ? wxString() : why);
    if (ok_) ok_->Enable(why.empty());
    Layout();
}

}  // namespace petrel::ui
