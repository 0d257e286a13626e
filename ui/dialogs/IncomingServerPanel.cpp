#include "dialogs/IncomingServerPanel.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "DisplayFormat.h"
#include "dialogs/CertificateDialog.h"

namespace petrel::ui {

int IncomingServerPanel::securityIndex(model::Security security) {
    switch (security) {
        case model::Security::Tls:
            return 0;
        case model::Security::StartTls:
            return 1;
        case model::Security::Plain:
            return 2;
    }
    return 0;
}

model::Security IncomingServerPanel::securityAt(int index) {
    switch (index) {
        case 1:
            return model::Security::StartTls;
        case 2:
            return model::Security::Plain;
        default:
            return model::Security::Tls;
    }
}

IncomingServerPanel::IncomingServerPanel(wxWindow* parent, bool editing) : wxPanel(parent, wxID_ANY) {
    SetName("IncomingServerPanel");
    auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(10), FromDIP(8)));
    grid->AddGrowableCol(1);
    auto label = [this, grid](const wxString& text) {
        grid->Add(new wxStaticText(this, wxID_ANY, text), wxSizerFlags().CentreVertical());
    };

    label(_("&Protocol:"));
    protocol_ = new wxChoice(this, wxID_ANY);
    protocol_->SetName("Protocol");
    protocol_->Append(_("IMAP (folders stay on the server)"));
    protocol_->Append(_("POP3 (download to this computer)"));
    protocol_->SetSelection(0);
    grid->Add(protocol_, wxSizerFlags().Expand());

    label(_("&Server:"));
    host_ = new wxTextCtrl(this, wxID_ANY);
    host_->SetName("Host");
    host_->SetHint(_("imap.example.com"));
    grid->Add(host_, wxSizerFlags().Expand());

    label(_("S&ecurity:"));
    security_ = new wxChoice(this, wxID_ANY);
    security_->SetName("Security");
    security_->Append(_("TLS (recommended)"));
    security_->Append(_("STARTTLS"));
    security_->Append(_("None (password sent unencrypted)"));
    security_->SetSelection(0);
    grid->Add(security_, wxSizerFlags().Expand());

    label(_("P&ort:"));
    port_ = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1,
                           65535, 993);
    port_->SetName("Port");
    grid->Add(port_);

    label(_("&User name:"));
    user_ = new wxTextCtrl(this, wxID_ANY);
    user_->SetName("User");
    grid->Add(user_, wxSizerFlags().Expand());

    label(_("Pass&word:"));
    password_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD);
    password_->SetName("Password");
    if (editing) password_->SetHint(_("unchanged"));
    grid->Add(password_, wxSizerFlags().Expand());

    label(_("Certificate:"));
    auto* pinRow = new wxBoxSizer(wxHORIZONTAL);
    pinLabel_ = new wxStaticText(this, wxID_ANY, wxString());
    pinLabel_->SetName("PinnedCertificate");
    forgetPin_ = new wxButton(this, wxID_ANY, _("&Forget"), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    forgetPin_->SetToolTip(_("Stop trusting the pinned certificate; the next connection asks again"));
    pinRow->Add(pinLabel_, wxSizerFlags(1).CentreVertical());
    pinRow->Add(forgetPin_, wxSizerFlags().CentreVertical().Border(wxLEFT, FromDIP(8)));
    grid->Add(pinRow, wxSizerFlags().Expand());

    auto* note = new wxStaticText(this, wxID_ANY,
                                  _("The password is kept in the system keyring, never in Petrel's own files."));
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(grid, wxSizerFlags().Expand());
    root->Add(note, wxSizerFlags().Border(wxTOP, FromDIP(12)));
    SetSizer(root);
    showPin();

    protocol_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        followDefaultPort();
        if (onProtocolChanged) onProtocolChanged(protocol());
    });
    security_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { followDefaultPort(); });
    auto edited = [this](wxCommandEvent& event) {
        event.Skip();
        if (settingPort_) return;
        // Typing the default back in lets the port follow the security choice again.
        portEdited_ = port_->GetValue() != model::defaultPort(protocol(), security());
    };
    port_->Bind(wxEVT_SPINCTRL, edited);
    port_->Bind(wxEVT_TEXT, edited);
    forgetPin_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { setPin(std::string()); });
}

void IncomingServerPanel::setPort(int port) {
    settingPort_ = true;
    port_->SetValue(port);
    settingPort_ = false;
}

void IncomingServerPanel::followDefaultPort() {
    if (!portEdited_) setPort(model::defaultPort(protocol(), security()));
}

void IncomingServerPanel::showPin() {
    if (pin_.empty()) {
        pinLabel_->SetLabel(_("trusted through the system's authorities"));
    } else {
        wxString grouped = CertificateDialog::groupedFingerprint(pin_);
        grouped.Replace("\n", ":");
        pinLabel_->SetLabel(wxString::Format(_("pinned, SHA-256 %s…"), grouped.Left(23)));
        pinLabel_->SetToolTip(grouped);
    }
    forgetPin_->Enable(!pin_.empty());
    Layout();
}

void IncomingServerPanel::setPin(const std::string& sha256) {
    pin_ = sha256;
    showPin();
}

void IncomingServerPanel::load(const model::AccountConfig& account) {
    protocol_->SetSelection(account.protocol == model::Protocol::Imap ? 0 : 1);
    host_->ChangeValue(format::u8(account.incoming.host));
    security_->SetSelection(securityIndex(account.incoming.security));
    const int port = account.incoming.port ? account.incoming.port
                                           : model::defaultPort(account.protocol, account.incoming.security);
    setPort(port);
    portEdited_ = port != model::defaultPort(account.protocol, account.incoming.security);
    user_->ChangeValue(format::u8(account.user));
    setPin(account.incoming.trustFingerprint);
    allowPlaintext_ = account.allowPlaintext;
}

void IncomingServerPanel::apply(model::AccountConfig& account) const {
    account.protocol = protocol();
    account.incoming.host = format::toUtf8(host_->GetValue().Strip(wxString::both));
    account.incoming.security = security();
    account.incoming.port = static_cast<std::uint16_t>(port_->GetValue());
    account.incoming.trustFingerprint = pin_;
    account.user = format::toUtf8(user_->GetValue().Strip(wxString::both));
    account.allowPlaintext = allowPlaintext_;
}

wxString IncomingServerPanel::password() const { return password_->GetValue(); }

model::Protocol IncomingServerPanel::protocol() const {
    return protocol_->GetSelection() == 1 ? model::Protocol::Pop3 : model::Protocol::Imap;
}

model::Security IncomingServerPanel::security() const { return securityAt(security_->GetSelection()); }

std::optional<wxString> IncomingServerPanel::problem() const {
    const wxString host = host_->GetValue().Strip(wxString::both);
    if (host.empty()) return _("Enter the name of the incoming mail server.");
    if (host.find_first_of(" /@") != wxString::npos) return _("The server name cannot contain spaces, / or @.");
    if (user_->GetValue().Strip(wxString::both).empty()) return _("Enter the user name for the server.");
    return std::nullopt;
}

}  // namespace petrel::ui
