#pragma once
#include <wx/panel.h>

#include <functional>
#include <optional>
#include <string>

#include "model/AccountConfig.h"

class wxButton;
class wxChoice;
class wxSpinCtrl;
class wxStaticText;
class wxTextCtrl;

namespace petrel::ui {

// The incoming server of an account: IMAP or POP3, host, security and port, user and password.
// The port follows the protocol and security (993/995 implicit TLS, 143/110 STARTTLS) until the
// user types another one. The password is only held here: the caller stores it in the keyring.
class IncomingServerPanel : public wxPanel {
public:
    // `editing`: the account exists, an empty password field means "keep the stored one".
    IncomingServerPanel(wxWindow* parent, bool editing);

    void load(const model::AccountConfig& account);
    // Protocol, incoming endpoint (host, port, security, pin) and user.
    void apply(model::AccountConfig& account) const;
    wxString password() const;
    model::Protocol protocol() const;
    model::Security security() const;
    // The pinned certificate (SHA-256 hex), shown with a way to forget it.
    void setPin(const std::string& sha256);
    const std::string& pin() const { return pin_; }
    // A sentence saying what is missing, or nullopt when the fields are usable.
    std::optional<wxString> problem() const;
    bool portEdited() const { return portEdited_; }
    // Set once the user confirmed sending the password in clear (PlaintextDialog).
    void setAllowPlaintext(bool allow) { allowPlaintext_ = allow; }
    bool allowPlaintext() const { return allowPlaintext_; }

    // Called after the protocol changes (other pages enable their POP3 or IMAP options).
    std::function<void(model::Protocol)> onProtocolChanged;

    wxChoice* protocolCtrl() const { return protocol_; }
    wxTextCtrl* hostCtrl() const { return host_; }
    wxChoice* securityCtrl() const { return security_; }
    wxSpinCtrl* portCtrl() const { return port_; }
    wxTextCtrl* userCtrl() const { return user_; }
    wxTextCtrl* passwordCtrl() const { return password_; }

    static int securityIndex(model::Security security);
    static model::Security securityAt(int index);

private:
    void followDefaultPort();
    void setPort(int port);
    void showPin();

    wxChoice* protocol_ = nullptr;
    wxTextCtrl* host_ = nullptr;
    wxChoice* security_ = nullptr;
    wxSpinCtrl* port_ = nullptr;
    wxTextCtrl* user_ = nullptr;
    wxTextCtrl* password_ = nullptr;
    wxStaticText* pinLabel_ = nullptr;
    wxButton* forgetPin_ = nullptr;
    std::string pin_;
    bool portEdited_ = false;
    bool allowPlaintext_ = false;
    bool settingPort_ = false;
};

}  // namespace petrel::ui
