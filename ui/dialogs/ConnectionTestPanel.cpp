#include "dialogs/ConnectionTestPanel.h"

#include <wx/activityindicator.h>
#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "WxUiPoster.h"
#include "dialogs/CertificateDialog.h"
#include "dialogs/PlaintextDialog.h"

namespace petrel::ui {

namespace {

wxString capabilitySummary(const std::vector<std::string>& capabilities) {
    wxString text;
    std::size_t shown = 0;
    for (const auto& capability : capabilities) {
        if (capability.rfind("AUTH=", 0) == 0 || capability.rfind("SASL", 0) == 0) continue;
        if (shown == 8) {
            text += wxString::FromUTF8(", \xe2\x80\xa6");
            break;
        }
        text += (text.empty() ? "" : ", ") + format::u8(capability);
        ++shown;
    }
    return text;
}

}  // namespace

ConnectionTestPanel::ConnectionTestPanel(wxWindow* parent, EngineHost& host,
                                         std::function<std::optional<Request>()> prepare)
    : wxPanel(parent, wxID_ANY), host_(host), prepare_(std::move(prepare)) {
    SetName("ConnectionTestPanel");
    test_ = new wxButton(this, wxID_ANY, _("&Test Connection"));
    test_->SetName("TestConnection");
    busy_ = new wxActivityIndicator(this, wxID_ANY);
    cancel_ = new wxButton(this, wxID_ANY, _("Stop"));
    cancel_->SetName("CancelTest");
    cancel_->Disable();
    message_ = new wxStaticText(this, wxID_ANY, _("Not tested yet."));
    message_->SetName("TestMessage");

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(test_, wxSizerFlags().CentreVertical());
    row->Add(busy_, wxSizerFlags().CentreVertical().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    row->Add(cancel_, wxSizerFlags().CentreVertical());
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(row);
    root->Add(message_, wxSizerFlags().Expand().Border(wxTOP, FromDIP(8)));
    SetSizer(root);

    test_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { start(); });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { cancel(); });
}

ConnectionTestPanel::~ConnectionTestPanel() {
    // Closing the dialog ends the test; its result would be dropped anyway.
    if (jobId_) host_.jobs().cancel(jobId_);
}

wxString ConnectionTestPanel::message() const { return message_->GetLabelText(); }

void ConnectionTestPanel::show(State state, const wxString& message) {
    state_ = state;
    message_->SetLabelText(message);
    switch (state) {
        case State::Succeeded:
            message_->SetForegroundColour(wxColour(0x1b, 0x7a, 0x2e));
            break;
        case State::Failed:
            message_->SetForegroundColour(wxColour(0xb0, 0x1c, 0x1c));
            break;
        default:
            message_->SetForegroundColour(wxNullColour);
    }
    message_->Wrap(std::max(GetClientSize().x, FromDIP(400)));
    test_->Enable(state != State::Running);
    cancel_->Enable(state == State::Running);
    if (state == State::Running)
        busy_->Start();
    else
        busy_->Stop();
    Layout();
    if (GetParent()) GetParent()->Layout();
    if (onStateChanged) onStateChanged(state);
}

void ConnectionTestPanel::invalidate() {
    if (state_ == State::Running || state_ == State::Idle) return;
    lastError_.reset();
    show(State::Idle, _("The settings changed since the last test."));
}

void ConnectionTestPanel::start() {
    if (state_ == State::Running) return;
    const auto request = prepare_();
    if (!request) return;  // prepare_ said what is missing
    if (host_.offline()) {
        lastError_ = model::ErrorKind::Network;
        show(State::Failed, _("Petrel is working offline, so the connection was not tested. Turn off View > Work "
                              "Offline to test it."));
        return;
    }
    if (request->account.incoming.security == model::Security::Plain && !request->account.allowPlaintext) {
        askPlaintext();
        return;
    }
    submit(*request);
}

void ConnectionTestPanel::askPlaintext() {
    WxUiPoster::postModal(this, [this] {
        PlaintextDialog dialog(this, _("Send the password unencrypted?"),
                               _("This server is set up without TLS: the test would send your password in clear."));
        if (dialog.ShowModal() != wxID_YES) {
            lastError_ = model::ErrorKind::Tls;
            show(State::Failed, _("Not tested: Petrel does not send a password unencrypted unless you allow it. "
                                  "Choose TLS or STARTTLS if the server offers them."));
            return;
        }
        if (onPlaintextAllowed) onPlaintextAllowed();
        start();
    });
}

void ConnectionTestPanel::submit(const Request& request) {
    lastError_.reset();
    show(State::Running, wxString::Format(_("Connecting to %s, port %u…"), format::u8(request.account.incoming.host),
                                          static_cast<unsigned>(request.account.incoming.port)));
    auto outcome = std::make_shared<AccountJobs::TestOutcome>();
    engine::Job job;
    job.name = "test";
    job.run = [request, outcome, secrets = host_.secrets()](engine::JobContext& context) {
        AccountJobs::testLogin(context, *secrets, request.account, request.password, request.stored, *outcome);
    };
    job.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(
        this, [this, outcome, request](const std::optional<model::Error>& error) {
            jobId_ = 0;
            finished(error, *outcome, request);
        });
    // A not yet saved account tests on the worker of account 0, which owns no connection.
    jobId_ = host_.jobs().submit(request.account.id, engine::Lane::Interactive, std::move(job)).id;
}

void ConnectionTestPanel::cancel() {
    if (jobId_) host_.jobs().cancel(jobId_);
}

void ConnectionTestPanel::finished(const std::optional<model::Error>& error, const AccountJobs::TestOutcome& outcome,
                                   const Request& request) {
    if (outcome.login) host_.addUnaccountedBytes(outcome.login->bytesSent + outcome.login->bytesReceived);
    if (!error) {
        wxString text = wxString::Format(_("Connected: %s accepted the login of %s."),
                                         format::u8(request.account.incoming.host), format::u8(request.account.user));
        if (outcome.login && !outcome.login->capabilities.empty())
            text += "\n" + wxString::Format(_("Server offers: %s"), capabilitySummary(outcome.login->capabilities));
        show(State::Succeeded, text);
        return;
    }
    lastError_ = error->kind();
    switch (error->kind()) {
        case model::ErrorKind::Cancelled:
            lastError_.reset();
            show(State::Idle, _("Test stopped."));
            return;
        case model::ErrorKind::Tls:
            if (outcome.certificate && !outcome.certificate->empty()) {
                show(State::Failed, _("The server's certificate needs your decision."));
                askTrust(outcome);
                return;
            }
            break;
        case model::ErrorKind::Auth:
            show(State::Failed, _("The server rejected the user name or password. Check both and try again."));
            return;
        default:
            break;
    }
    show(State::Failed, format::u8(error->what()));
}

void ConnectionTestPanel::askTrust(const AccountJobs::TestOutcome& outcome) {
    CertificateDialog::Details details;
    details.host = outcome.host;
    details.problem = outcome.problem;
    details.sha256 = outcome.certificate->sha256;
    details.certificate = outcome.certificate;
    WxUiPoster::postModal(this, [this, details] {
        CertificateDialog dialog(this, details);
        if (dialog.ShowModal() != wxID_OK) {
            lastError_ = model::ErrorKind::Tls;
            show(State::Failed, _("The certificate was not trusted, so Petrel did not log in."));
            return;
        }
        if (onTrusted) onTrusted(details.sha256);
        start();
    });
}

}  // namespace petrel::ui
