#pragma once
#include <wx/panel.h>

#include <optional>

#include "model/AccountConfig.h"

class wxChoice;
class wxSpinCtrl;
class wxTextCtrl;

namespace petrel::ui {

// The outgoing (SMTP submission) server: host, security and port. The port follows the security
// (465 implicit TLS, 587 STARTTLS, RFC 8314) until the user types another one. It logs in with
// the incoming server's user name and password. An empty host means no sending from this account.
class SmtpPanel : public wxPanel {
public:
    explicit SmtpPanel(wxWindow* parent);

    void load(const model::AccountConfig& account);
    void apply(model::AccountConfig& account) const;
    // Offers smtp.<domain> of the incoming server while the user has not typed a host.
    void suggestHostFrom(const wxString& incomingHost);

    wxTextCtrl* hostCtrl() const { return host_; }
    wxChoice* securityCtrl() const { return security_; }
    wxSpinCtrl* portCtrl() const { return port_; }

private:
    model::Security security() const;
    void setPort(int port);

    wxTextCtrl* host_ = nullptr;
    wxChoice* security_ = nullptr;
    wxSpinCtrl* port_ = nullptr;
    bool portEdited_ = false;
    bool settingPort_ = false;
    bool hostEdited_ = false;
    std::string pin_;
    std::string loadedHost_;
};

}  // namespace petrel::ui
