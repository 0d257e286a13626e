#include "dialogs/AccountWizard.h"

#include <wx/button.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "AccountJobs.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "WxUiPoster.h"
#include "dialogs/AccountOptionsPanel.h"
#include "dialogs/ConnectionTestPanel.h"
#include "dialogs/IdentityPanel.h"
#include "dialogs/IncomingServerPanel.h"
#include "dialogs/SmtpPanel.h"
#include "store/AccountRepository.h"
#include "store/Db.h"

namespace petrel::ui {

AccountWizard::AccountWizard(wxWindow* parent, EngineHost& host, std::shared_ptr<store::Db> index)
    : wxWizard(parent, wxID_ANY, _("Add Account"), wxBitmapBundle(), wxDefaultPosition,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      host_(host),
      index_(std::move(index)) {
    SetName("AccountWizard");
    wxWindow* body = nullptr;

    makePage(IdentityPage, _("Your identity"),
             _("Petrel shows this name and address on the mail you send from this account."), body);
    identity_ = new IdentityPanel(body);
    body->GetSizer()->Add(identity_, wxSizerFlags().Expand());

    makePage(IncomingPage, _("Incoming mail server"),
             _("Your provider's help pages list these settings. TLS on port 993 (IMAP) or 995 (POP3) is the "
               "usual choice."),
             body);
    incoming_ = new IncomingServerPanel(body, false);
    body->GetSizer()->Add(incoming_, wxSizerFlags().Expand());

    makePage(SendingPage, _("Outgoing mail server"),
             _("The SMTP server that sends your mail: usually TLS on port 465 or STARTTLS on port 587."), body);
    smtp_ = new SmtpPanel(body);
    body->GetSizer()->Add(smtp_, wxSizerFlags().Expand());

    makePage(OptionsPage, _("Options"),
             _("Petrel downloads headers first and message text up to a size you choose; the rest comes when you "
               "open it."),
             body);
    options_ = new AccountOptionsPanel(body);
    body->GetSizer()->Add(options_, wxSizerFlags().Expand());

    makePage(TestPage, _("Test and finish"),
             _("Test the connection before you finish: Petrel logs in once and out again."), body);
    summary_ = new wxStaticText(body, wxID_ANY, wxString());
    summary_->SetName("Summary");
    body->GetSizer()->Add(summary_, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(12)));
    tester_ = new ConnectionTestPanel(body, host_, [this]() -> std::optional<ConnectionTestPanel::Request> {
        ConnectionTestPanel::Request request;
        request.account = collect();
        request.password = format::toUtf8(incoming_->password());
        if (request.password.empty()) {
            setPageMessage(TestPage, _("Go back and enter the password."), true);
            return std::nullopt;
        }
        setPageMessage(TestPage, wxString(), false);
        return request;
    });
    body->GetSizer()->Add(tester_, wxSizerFlags().Expand());
    tester_->onTrusted = [this](const std::string& sha256) {
        incoming_->setPin(sha256);
        updateSummary();
    };
    tester_->onPlaintextAllowed = [this] { incoming_->setAllowPlaintext(true); };

    for (int i = 0; i < PageCount; ++i)
        pages_[i]->GetSizer()->Add(messages_[i], wxSizerFlags().Expand().Border(wxTOP, FromDIP(10)));
    for (int i = 0; i + 1 < PageCount; ++i) wxWizardPageSimple::Chain(pages_[i], pages_[i + 1]);
    for (auto* page : pages_) GetPageAreaSizer()->Add(page);
    options_->setProtocol(incoming_->protocol());
    incoming_->onProtocolChanged = [this](model::Protocol protocol) { options_->setProtocol(protocol); };

    Bind(wxEVT_WIZARD_PAGE_CHANGING, &AccountWizard::onPageChanging, this);
    Bind(wxEVT_WIZARD_PAGE_CHANGED, &AccountWizard::onPageChanged, this);
    Bind(wxEVT_WIZARD_CANCEL, [this](wxWizardEvent& event) {
        if (saving_) return event.Veto();  // the account and its password are being written
        tester_->cancel();
        event.Skip();
    });
}

AccountWizard::~AccountWizard() = default;

wxWizardPageSimple* AccountWizard::makePage(PageIndex index, const wxString& title, const wxString& intro,
                                            wxWindow*& body) {
    auto* page = new wxWizardPageSimple(this);
    page->SetName(wxString::Format("WizardPage%d", static_cast<int>(index)));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* heading = new wxStaticText(page, wxID_ANY, title);
    heading->SetFont(heading->GetFont().Bold().Scaled(1.3f));
    sizer->Add(heading, wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    auto* introText = new wxStaticText(page, wxID_ANY, intro);
    introText->Wrap(FromDIP(480));
    sizer->Add(introText, wxSizerFlags().Border(wxBOTTOM, FromDIP(14)));
    auto* message = new wxStaticText(page, wxID_ANY, wxString());
    message->SetName("PageMessage");
    // The message line goes below the body; the constructor adds it once the bodies are in.
    page->SetSizer(sizer);
    body = page;
    pages_[index] = page;
    messages_[index] = message;
    return page;
}

wxButton* AccountWizard::nextButton() const { return wxDynamicCast(FindWindow(wxID_FORWARD), wxButton); }

wxButton* AccountWizard::backButton() const { return wxDynamicCast(FindWindow(wxID_BACKWARD), wxButton); }

wxString AccountWizard::pageMessage(PageIndex index) const { return messages_[index]->GetLabelText(); }

void AccountWizard::setPageMessage(PageIndex index, const wxString& message, bool error) {
    messages_[index]->SetLabelText(message);
    messages_[index]->SetForegroundColour(error ? wxColour(0xb0, 0x1c, 0x1c) : wxNullColour);
    messages_[index]->Wrap(FromDIP(480));
    pages_[index]->Layout();
}

int AccountWizard::indexOf(wxWizardPage* page) const {
    for (int i = 0; i < PageCount; ++i)
        if (pages_[i] == page) return i;
    return -1;
}

model::AccountConfig AccountWizard::collect() const {
    model::AccountConfig account;
    identity_->apply(account);
    incoming_->apply(account);
    smtp_->apply(account);
    options_->apply(account);
    return account;
}

std::optional<model::AccountConfig> AccountWizard::run() {
    FitToPage(pages_[IdentityPage]);
    if (!RunWizard(pages_[IdentityPage])) return std::nullopt;
    return saved_;
}

void AccountWizard::onPageChanging(wxWizardEvent& event) {
    const int index = indexOf(event.GetPage());
    if (!event.GetDirection() || index < 0) return;  // going back never needs checks
    std::optional<wxString> problem;
    switch (index) {
        case IdentityPage:
            problem = identity_->problem();
            if (!problem) {
                const std::string name = format::toUtf8(identity_->accountName());
                try {
                    if (store::AccountRepository(*index_).findByName(name))
                        problem = wxString::Format(_("There is already an account named \"%s\": choose another "
                                                     "account name."),
                                                   format::u8(name));
                } catch (const std::exception& e) {
                    problem = format::u8(e.what());
                }
            }
            break;
        case IncomingPage:
            problem = incoming_->problem();
            if (!problem && incoming_->password().empty()) problem = _("Enter the password.");
            break;
        case TestPage:
            if (saved_) return;  // the save finished: let the wizard close
            event.Veto();
            if (saving_ || tester_->running()) return;
            if (host_.offline() || tester_->state() == ConnectionTestPanel::State::Succeeded) {
                save();
                return;
            }
            WxUiPoster::postModal(this, [this] {
                wxMessageDialog ask(this,
                                    _("The connection has not been tested successfully. Save the account anyway?"),
                                    _("Add Account"), wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
                ask.SetYesNoLabels(_("&Save Anyway"), _("&Go Back"));
                if (ask.ShowModal() == wxID_YES) save();
            });
            return;
        default:
            break;
    }
    if (problem) {
        setPageMessage(static_cast<PageIndex>(index), *problem, true);
        event.Veto();
    } else {
        setPageMessage(static_cast<PageIndex>(index), wxString(), false);
    }
}

void AccountWizard::onPageChanged(wxWizardEvent& event) {
    const int index = indexOf(event.GetPage());
    if (index == IncomingPage && incoming_->userCtrl()->IsEmpty())
        incoming_->userCtrl()->ChangeValue(identity_->address());
    if (index == SendingPage) smtp_->suggestHostFrom(incoming_->hostCtrl()->GetValue());
    if (index == TestPage) {
        updateSummary();
        tester_->invalidate();
    }
}

void AccountWizard::updateSummary() {
    const model::AccountConfig account = collect();
    wxString text = wxString::Format(
        _("%s: %s, %s, port %u, user %s"), account.protocol == model::Protocol::Imap ? "IMAP" : "POP3",
        format::u8(account.incoming.host),
        account.incoming.security == model::Security::Tls        ? _("TLS")
        : account.incoming.security == model::Security::StartTls ? _("STARTTLS")
                                                                  : _("no encryption"),
        static_cast<unsigned>(account.incoming.port), format::u8(account.user));
    if (!account.incoming.trustFingerprint.empty()) text += "\n" + _("Server certificate: pinned");
    if (account.smtp)
        text += "\n" + wxString::Format(_("Sending: %s, port %u"), format::u8(account.smtp->host),
                                        static_cast<unsigned>(account.smtp->port));
    summary_->SetLabelText(text);
    pages_[TestPage]->Layout();
}

void AccountWizard::save() {
    const model::AccountConfig account = collect();
    const std::string password = format::toUtf8(incoming_->password());
    saving_ = true;
    setPageMessage(TestPage, _("Saving the account and storing the password in the keyring…"), false);
    for (wxWindow* button : {static_cast<wxWindow*>(nextButton()), static_cast<wxWindow*>(backButton()),
                             FindWindow(wxID_CANCEL)})
        if (button) button->Disable();

    auto id = std::make_shared<std::int64_t>(0);
    engine::Job job;
    job.name = "save-account";
    job.run = [account, password, id, profile = host_.profile(), secrets = host_.secrets()](engine::JobContext& c) {
        *id = AccountJobs::add(c, profile, *secrets, account, password);
    };
    job.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
        this, [this, account, id](const std::optional<model::Error>& error) {
            saving_ = false;
            for (wxWindow* button : {static_cast<wxWindow*>(nextButton()), static_cast<wxWindow*>(backButton()),
                                     FindWindow(wxID_CANCEL)})
                if (button) button->Enable();
            if (error) {
                setPageMessage(TestPage, wxString::Format(_("The account was not saved: %s"), format::u8(error->what())),
                               true);
                return;
            }
            saved_ = account;
            saved_->id = *id;
            ShowPage(nullptr);  // through the normal finish: closes the wizard with wxID_OK
        });
    // Account 0's worker: the account has no worker of its own yet.
    host_.jobs().submit(0, engine::Lane::Interactive, std::move(job));
}

}  // namespace petrel::ui
