#pragma once
#include <wx/wizard.h>

#include <memory>
#include <optional>

#include "model/AccountConfig.h"

class wxButton;
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

// File > Add Account: who you are, the incoming server, the outgoing server, options, and a
// connection test. Finish saves through an engine job: the account into the index and the
// password into the keyring (only then; never into Petrel's files or settings).
class AccountWizard : public wxWizard {
public:
    enum PageIndex { IdentityPage, IncomingPage, SendingPage, OptionsPage, TestPage, PageCount };

    // `index`: the GUI's read-only connection, to refuse a name that is taken before saving.
    AccountWizard(wxWindow* parent, EngineHost& host, std::shared_ptr<store::Db> index);
    ~AccountWizard() override;

    // Shows the wizard modally; the saved account (with its id) when the user finished.
    std::optional<model::AccountConfig> run();

    wxWizardPage* page(PageIndex index) const { return pages_[index]; }
    IdentityPanel* identity() const { return identity_; }
    IncomingServerPanel* incoming() const { return incoming_; }
    SmtpPanel* sending() const { return smtp_; }
    AccountOptionsPanel* options() const { return options_; }
    ConnectionTestPanel* tester() const { return tester_; }
    wxButton* nextButton() const;
    wxButton* backButton() const;
    // The inline message of a page ("Enter your email address.", "Saving…").
    wxString pageMessage(PageIndex index) const;
    bool saving() const { return saving_; }

    // The account as on screen (no id).
    model::AccountConfig collect() const;

private:
    wxWizardPageSimple* makePage(PageIndex index, const wxString& title, const wxString& intro, wxWindow*& body);
    void setPageMessage(PageIndex index, const wxString& message, bool error);
    int indexOf(wxWizardPage* page) const;
    void onPageChanging(wxWizardEvent& event);
    void onPageChanged(wxWizardEvent& event);
    void updateSummary();
    void save();

    EngineHost& host_;
    std::shared_ptr<store::Db> index_;
    wxWizardPageSimple* pages_[PageCount] = {};
    wxStaticText* messages_[PageCount] = {};
    IdentityPanel* identity_ = nullptr;
    IncomingServerPanel* incoming_ = nullptr;
    SmtpPanel* smtp_ = nullptr;
    AccountOptionsPanel* options_ = nullptr;
    ConnectionTestPanel* tester_ = nullptr;
    wxStaticText* summary_ = nullptr;
    bool saving_ = false;
    std::optional<model::AccountConfig> saved_;
};

}  // namespace petrel::ui
