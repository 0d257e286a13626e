#include "dialogs/AccountSettingsDialog.h"

#include <wx/button.h>
#include <wx/notebook.h>
#include <wx/sizer.h>
#include <wx/statline.h>
#include <wx/stattext.h>

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

namespace {

// A notebook page with some room around the panel.
template <typename Panel, typename... Args>
Panel* addTab(wxNotebook* notebook, const wxString& title, Args&&... args) {
    auto* page = new wxPanel(notebook);
    auto* panel = new Panel(page, std::forward<Args>(args)...);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(panel, wxSizerFlags(1).Expand().Border(wxALL, notebook->FromDIP(12)));
    page->SetSizer(sizer);
    notebook->AddPage(page, title);
    return panel;
}

}  // namespace

AccountSettingsDialog::AccountSettingsDialog(wxWindow* parent, EngineHost& host, std::shared_ptr<store::Db> index,
                                             const model::AccountConfig& account)
    : wxDialog(parent, wxID_ANY, wxString::Format(_("Settings of %s"), format::u8(account.name)), wxDefaultPosition,
               wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      host_(host),
      index_(std::move(index)),
      original_(account) {
    SetName("AccountSettingsDialog");
    notebook_ = new wxNotebook(this, wxID_ANY);
    identity_ = addTab<IdentityPanel>(notebook_, _("Account"));
    incoming_ = addTab<IncomingServerPanel>(notebook_, _("Incoming"), true);
    smtp_ = addTab<SmtpPanel>(notebook_, _("Sending"));
    options_ = addTab<AccountOptionsPanel>(notebook_, _("Options"));
    identity_->load(account);
    incoming_->load(account);
    smtp_->load(account);
    options_->load(account);
    incoming_->onProtocolChanged = [this](model::Protocol protocol) { options_->setProtocol(protocol); };

    tester_ = new ConnectionTestPanel(this, host_, [this]() -> std::optional<ConnectionTestPanel::Request> {
        if (const auto problem = incoming_->problem()) {
            notebook_->SetSelection(1);
            setMessage(*problem, true);
            return std::nullopt;
        }
        setMessage(wxString(), false);
        ConnectionTestPanel::Request request;
        request.account = collect();
        request.password = format::toUtf8(incoming_->password());
        request.stored = original_;
        return request;
    });
    tester_->onTrusted = [this](const std::string& sha256) { incoming_->setPin(sha256); };
    tester_->onPlaintextAllowed = [this] { incoming_->setAllowPlaintext(true); };
    message_ = new wxStaticText(this, wxID_ANY, wxString());
    message_->SetName("SettingsMessage");

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(notebook_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(12)));
    root->Add(tester_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(16)));
    root->Add(message_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(16)));
    root->Add(new wxStaticLine(this), wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    root->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL),
              wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));
    SetSizerAndFit(root);
    CentreOnParent();

    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { onOk(); }, wxID_OK);
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent& event) {
            if (saving_) return;  // the job is writing; its result closes the dialog
            tester_->cancel();
            event.Skip();
        },
        wxID_CANCEL);
}

AccountSettingsDialog::~AccountSettingsDialog() = default;

wxString AccountSettingsDialog::message() const { return message_->GetLabelText(); }

void AccountSettingsDialog::setMessage(const wxString& message, bool error) {
    message_->SetLabelText(message);
    message_->SetForegroundColour(error ? wxColour(0xb0, 0x1c, 0x1c) : wxNullColour);
    message_->Wrap(FromDIP(480));
    Layout();
}

model::AccountConfig AccountSettingsDialog::collect() const {
    model::AccountConfig account = original_;
    identity_->apply(account);
    incoming_->apply(account);
    smtp_->apply(account);
    options_->apply(account);
    return account;
}

void AccountSettingsDialog::onOk() {
    if (saving_) return;
    std::optional<wxString> problem = identity_->problem();
    int tab = 0;
    if (!problem) {
        problem = incoming_->problem();
        tab = 1;
    }
    const model::AccountConfig account = collect();
    if (!problem && account.name != original_.name) {
        try {
            if (store::AccountRepository(*index_).findByName(account.name))
                problem = wxString::Format(_("There is already an account named \"%s\"."), format::u8(account.name));
        } catch (const std::exception& e) {
            problem = format::u8(e.what());
        }
        tab = 0;
    }
    if (problem) {
        notebook_->SetSelection(static_cast<std::size_t>(tab));
        setMessage(*problem, true);
        return;
    }
    saving_ = true;
    tester_->cancel();
    setMessage(_("Saving…"), false);
    FindWindow(wxID_OK)->Disable();

    engine::Job job;
    job.name = "save-account";
    job.run = [before = original_, account, password = format::toUtf8(incoming_->password()),
               profile = host_.profile(), secrets = host_.secrets()](engine::JobContext& context) {
        AccountJobs::update(context, profile, *secrets, before, account, password);
    };
    job.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
        this, [this, account](const std::optional<model::Error>& error) {
            saving_ = false;
            FindWindow(wxID_OK)->Enable();
            if (error) {
                setMessage(wxString::Format(_("The settings were not saved: %s"), format::u8(error->what())), true);
                return;
            }
            saved_ = account;
            EndModal(wxID_OK);
        });
    host_.jobs().submit(0, engine::Lane::Interactive, std::move(job));
}

}  // namespace petrel::ui
