#include "dialogs/SmtpPanel.h"

#include <wx/choice.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "DisplayFormat.h"

namespace petrel::ui {

SmtpPanel::SmtpPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("SmtpPanel");
    auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(10), FromDIP(8)));
    grid->AddGrowableCol(1);
    auto label = [this, grid](const wxString& text) {
        grid->Add(new wxStaticText(this, wxID_ANY, text), wxSizerFlags().CentreVertical());
    };
    label(_("SMTP &server:"));
    host_ = new wxTextCtrl(this, wxID_ANY);
    host_->SetName("SmtpHost");
    host_->SetHint(_("smtp.example.com"));
    grid->Add(host_, wxSizerFlags().Expand());
    label(_("S&ecurity:"));
    security_ = new wxChoice(this, wxID_ANY);
    security_->SetName("SmtpSecurity");
    security_->Append(_("TLS (recommended)"));
    security_->Append(_("STARTTLS"));
    security_->SetSelection(0);
    grid->Add(security_, wxSizerFlags().Expand());
    label(_("P&ort:"));
    port_ = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1,
                           65535, 465);
    port_->SetName("SmtpPort");
    grid->Add(port_);

    auto* note = new wxStaticText(this, wxID_ANY,
                                  _("Petrel signs in to the SMTP server with the user name and password of the "
                                    "incoming server. Leave the server empty to read mail only."));
    note->Wrap(FromDIP(420));
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(grid, wxSizerFlags().Expand());
    root->Add(note, wxSizerFlags().Border(wxTOP, FromDIP(12)));
    SetSizer(root);

    security_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        if (!portEdited_) setPort(model::defaultSmtpPort(security()));
    });
    auto edited = [this](wxCommandEvent& event) {
        event.Skip();
        if (!settingPort_) portEdited_ = port_->GetValue() != model::defaultSmtpPort(security());
    };
    port_->Bind(wxEVT_SPINCTRL, edited);
    port_->Bind(wxEVT_TEXT, edited);
    host_->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
        event.Skip();
        hostEdited_ = true;
    });
}

model::Security SmtpPanel::security() const {
    return security_->GetSelection() == 1 ? model::Security::StartTls : model::Security::Tls;
}

void SmtpPanel::setPort(int port) {
    settingPort_ = true;
    port_->SetValue(port);
    settingPort_ = false;
}

void SmtpPanel::suggestHostFrom(const wxString& incomingHost) {
    if (hostEdited_ || !host_->GetValue().empty()) return;
    wxString domain = incomingHost;
    for (const char* prefix : {"imap.", "pop3.", "pop.", "mail."}) {
        if (domain.StartsWith(prefix, &domain)) break;
    }
    if (domain.empty() || domain == incomingHost) return;  // an address or a bare name: don't guess
    host_->ChangeValue("smtp." + domain);
}

void SmtpPanel::load(const model::AccountConfig& account) {
    if (account.smtp) {
        host_->ChangeValue(format::u8(account.smtp->host));
        security_->SetSelection(account.smtp->security == model::Security::StartTls ? 1 : 0);
        const int port = account.smtp->port ? account.smtp->port : model::defaultSmtpPort(security());
        setPort(port);
        portEdited_ = port != model::defaultSmtpPort(security());
        pin_ = account.smtp->trustFingerprint;
        loadedHost_ = account.smtp->host;
        hostEdited_ = true;
    }
}

void SmtpPanel::apply(model::AccountConfig& account) const {
    const std::string host = format::toUtf8(host_->GetValue().Strip(wxString::both));
    if (host.empty()) {
        account.smtp.reset();
        return;
    }
    model::ServerEndpoint smtp;
    smtp.host = host;
    smtp.security = security();
    smtp.port = static_cast<std::uint16_t>(port_->GetValue());
    // A pin belongs to the host it was made for.
    if (host == loadedHost_) smtp.trustFingerprint = pin_;
    account.smtp = smtp;
}

}  // namespace petrel::ui
