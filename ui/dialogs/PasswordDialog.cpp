#include "dialogs/PasswordDialog.h"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace petrel::ui {

PasswordDialog::PasswordDialog(wxWindow* parent, const wxString& title, const wxString& message)
    : wxDialog(parent, wxID_ANY, title) {
    SetName("PasswordDialog");
    auto* text = new wxBoxSizer(wxVERTICAL);
    auto* label = new wxStaticText(this, wxID_ANY, message);
    label->Wrap(FromDIP(400));
    text->Add(label, wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    password_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(FromDIP(300), -1),
                               wxTE_PASSWORD | wxTE_PROCESS_ENTER);
    password_->SetName("Password");
    text->Add(password_, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(8)));
    remember_ = new wxCheckBox(this, wxID_ANY, _("&Remember in the keyring"));
    remember_->SetValue(true);
    text->Add(remember_);

    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmapBundle(wxART_QUESTION, wxART_MESSAGE_BOX)),
             wxSizerFlags().Top().Border(wxRIGHT, FromDIP(12)));
    top->Add(text, wxSizerFlags(1).Expand());

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(top, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));
    root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    SetSizerAndFit(root);
    password_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        if (!password_->IsEmpty()) EndModal(wxID_OK);
    });
    password_->SetFocus();
    CentreOnParent();
}

wxString PasswordDialog::password() const { return password_->GetValue(); }

bool PasswordDialog::remember() const { return remember_->GetValue(); }

}  // namespace petrel::ui
