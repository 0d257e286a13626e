#include "dialogs/PlaintextDialog.h"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>

namespace petrel::ui {

PlaintextDialog::PlaintextDialog(wxWindow* parent, const wxString& title, const wxString& message)
    : wxDialog(parent, wxID_ANY, _("Unencrypted Connection")) {
    SetName("PlaintextDialog");
    auto* text = new wxBoxSizer(wxVERTICAL);
    auto* headline = new wxStaticText(this, wxID_ANY, title);
    headline->SetFont(headline->GetFont().Bold().Scaled(1.2f));
    text->Add(headline, wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    auto* label = new wxStaticText(
        this, wxID_ANY,
        message + "\n\n" +
            _("Anyone on the network path (a public Wi-Fi, the provider of this connection) can read the "
              "password and the mail. Connect only if the server is on a network you control."));
    label->Wrap(FromDIP(460));
    text->Add(label, wxSizerFlags().Border(wxBOTTOM, FromDIP(10)));
    always_ = new wxCheckBox(this, wxID_ANY, _("&Always allow this for this account"));
    text->Add(always_);

    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmapBundle(wxART_WARNING, wxART_MESSAGE_BOX)),
             wxSizerFlags().Top().Border(wxRIGHT, FromDIP(12)));
    top->Add(text, wxSizerFlags(1).Expand());

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    connect_ = new wxButton(this, wxID_YES, _("Connect &Without Encryption"));
    cancel_ = new wxButton(this, wxID_NO, _("&Don't Connect"));
    buttons->Add(connect_, wxSizerFlags().Border(wxRIGHT, FromDIP(8)));
    buttons->Add(cancel_);

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(top, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));
    root->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    SetSizerAndFit(root);

    connect_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_YES); });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_NO); });
    SetAffirmativeId(wxID_NO);
    SetEscapeId(wxID_NO);
    cancel_->SetDefault();
    cancel_->SetFocus();
    CentreOnParent();
}

bool PlaintextDialog::alwaysAllow() const { return always_->GetValue(); }

}  // namespace petrel::ui
