#pragma once
#include <wx/dialog.h>

#include <memory>
#include <optional>

#include "model/AccountConfig.h"

class wxNotebook;
class wxStaticText;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class AccountOptionsPanel;
class ConnectionTestPanel;
class EngineHost;
class IdentityPanel;
class IncomingServerPanel;
class SmtpPanel;

// Account > Settings: the wizard's pages as tabs over an existing account, with the same
// connection test. OK saves through an engine job (index + keyring); an empty password field
// keeps the stored password, and a renamed account takes its keyring entry along.
class AccountSettingsDialog : public wxDialog {
public:
    AccountSettingsDialog(wxWindow* parent, EngineHost& host, std::shared_ptr<store::Db> index,
                          const model::AccountConfig& account);
    ~AccountSettingsDialog() override;

    // The account as saved, after ShowModal() returned wxID_OK.
    const std::optional<model::AccountConfig>& saved() const { return saved_; }
    model::AccountConfig collect() const;

    wxNotebook* notebook() const { return notebook_; }
    IdentityPanel* identity() const { return identity_; }
    IncomingServerPanel* incoming() const { return incoming_; }
    SmtpPanel* sending() const { return smtp_; }
    AccountOptionsPanel* options() const { return options_; }
    ConnectionTestPanel* tester() const { return tester_; }
    wxString message() const;

private:
    void onOk();
    void setMessage(const wxString& message, bool error);

    EngineHost& host_;
    std::shared_ptr<store::Db> index_;
    model::AccountConfig original_;
    wxNotebook* notebook_ = nullptr;
    IdentityPanel* identity_ = nullptr;
    IncomingServerPanel* incoming_ = nullptr;
    SmtpPanel* smtp_ = nullptr;
    AccountOptionsPanel* options_ = nullptr;
    ConnectionTestPanel* tester_ = nullptr;
    wxStaticText* message_ = nullptr;
    bool saving_ = false;
    std::optional<model::AccountConfig> saved_;
};

}  // namespace petrel::ui
