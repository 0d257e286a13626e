#include "compose/ComposeFrame.h"

#include <wx/artprov.h>
#include <wx/choice.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/toolbar.h>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "JobStatusBar.h"
#include "MainFrame.h"
#include "PetrelArt.h"
#include "WxUiPoster.h"
#include "compose/AddressCompleter.h"
#include "compose/AddressText.h"
#include "compose/AttachmentPanel.h"
#include "compose/FileDropTarget.h"
#include "engine/SendService.h"
#include "mime/Signature.h"
#include "store/AccountRepository.h"
#include "store/Db.h"

namespace petrel::ui {

namespace {

enum {
    IdSend = wxID_HIGHEST + 200,
    IdSaveDraft,
    IdAttach,
};

wxString identityOf(const model::AccountConfig& account) {
    return format::u8(account.fromAddress.empty() ? account.user : account.fromAddress);
}

bool sameAttachments(const std::vector<model::OutgoingAttachment>& a, const std::vector<model::OutgoingAttachment>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].path != b[i].path || a[i].fileName != b[i].fileName || a[i].data.size() != b[i].data.size())
            return false;
    return true;
}

// The engine puts the server's reason in the message; the detail repeats the protocol exchange.
std::string errorText(const model::Error& error) { return error.what(); }

// The body the window opens with: a reopened draft as it was (its signature is in it); a new
// message with room to type above the signature; a reply or forward with the signature between
// the cursor (at the top) and the quoted original; a prefilled text (mailto:) with it below.
std::string signedBody(const model::OutgoingMessage& message, const std::optional<model::AccountConfig>& account) {
    if (!account || message.replacesDraft.valid()) return message.body;
    const std::string block = mime::signatureBlock(account->signature);
    if (block.empty()) return message.body;
    if (message.body.empty()) return "\n\n" + block;
    const bool quotesAnOriginal = !message.inReplyTo.empty() || message.subject.rfind("Fwd:", 0) == 0;
    if (quotesAnOriginal) return "\n\n" + block + "\n" + message.body;
    return mime::withSignature(message.body, account->signature);
}

}  // namespace

int ComposeFrame::sendId() { return IdSend; }
int ComposeFrame::saveDraftId() { return IdSaveDraft; }
int ComposeFrame::attachId() { return IdAttach; }

std::vector<model::AccountConfig> ComposeFrame::sendingAccounts(store::Db& index) {
    std::vector<model::AccountConfig> accounts;
    for (auto& account : store::AccountRepository(index).list())
        if (account.smtp && !account.smtp->host.empty()) accounts.push_back(std::move(account));
    return accounts;
}

ComposeFrame::ComposeFrame(MainFrame& main, std::shared_ptr<store::Db> index, const model::OutgoingMessage& message)
    : wxFrame(&main, wxID_ANY, _("New Message")), main_(main), index_(std::move(index)), saved_(message),
      carried_(message) {
    SetName("ComposeFrame");
    SetIcons(PetrelArt::appIcons());
    try {
        accounts_ = sendingAccounts(*index_);
    } catch (const std::exception&) {
        // Shown below: with no account in the choice, Send explains what is missing.
    }

    auto* panel = new wxPanel(this);
    panel->SetName("ComposePanel");
    errorBar_ = new ErrorBar(panel);
    from_ = new wxChoice(panel, wxID_ANY);
    from_->SetName("From");
    for (const auto& account : accounts_)
        from_->Append(identityOf(account) + wxString::FromUTF8(" \xe2\x80\x94 ") + format::u8(account.name));
    const auto textField = [panel](const char* name) {
        auto* field = new wxTextCtrl(panel, wxID_ANY);
        field->SetName(name);
        return field;
    };
    to_ = textField("To");
    cc_ = textField("Cc");
    bcc_ = textField("Bcc");
    subject_ = textField("Subject");
    for (wxTextCtrl* field : {to_, cc_, bcc_}) field->AutoComplete(new AddressCompleter(main.engineHost().profile()));
    body_ = new wxTextCtrl(panel, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                           wxTE_MULTILINE | wxTE_WORDWRAP);
    body_->SetName("Body");
    body_->SetFont(wxFontInfo(body_->GetFont().GetPointSize()).Family(wxFONTFAMILY_TELETYPE));
    attachments_ = new AttachmentPanel(panel, message.attachments);
    attachments_->onChanged = [this] { updateTitle(); };

    auto* fields = new wxFlexGridSizer(2, FromDIP(wxSize(8, 4)));
    fields->AddGrowableCol(1);
    const auto addRow = [&](const wxString& label, wxWindow* field) {
        fields->Add(new wxStaticText(panel, wxID_ANY, label), wxSizerFlags().CenterVertical().Right());
        fields->Add(field, wxSizerFlags().Expand());
    };
    addRow(_("From:"), from_);
    addRow(_("To:"), to_);
    addRow(_("Cc:"), cc_);
    addRow(_("Bcc:"), bcc_);
    addRow(_("Subject:"), subject_);

    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(errorBar_, wxSizerFlags().Expand());
    layout->Add(fields, wxSizerFlags().Expand().Border(wxALL, FromDIP(8)));
    layout->Add(body_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, FromDIP(8)));
    layout->Add(attachments_, wxSizerFlags().Expand().Border(wxALL, FromDIP(8)));
    panel->SetSizer(layout);
    panel->SetDropTarget(new FileDropTarget([this](const std::vector<wxString>& paths) {
        attachments_->addFiles(paths);
    }));

    buildMenus();
    buildToolBar();
    CreateStatusBar();
    fill(message);
    saved_ = this->message();

    subject_->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
        event.Skip();
        updateTitle();
    });
    Bind(wxEVT_CLOSE_WINDOW, &ComposeFrame::onClose, this);
    // Ctrl+Enter from any field, the body included: under GTK a multi-line text view would
    // otherwise take the key before the menu's accelerator sees it.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        const int key = event.GetKeyCode();
        if ((key == WXK_RETURN || key == WXK_NUMPAD_ENTER) && event.GetModifiers() == wxMOD_CONTROL) {
            send();
            return;
        }
        event.Skip();
    });
    SetSize(FromDIP(wxSize(760, 640)));
    updateTitle();
    if (to_->IsEmpty()) {
        to_->SetFocus();
    } else {
        body_->SetFocus();
        body_->SetInsertionPoint(0);
    }
}

ComposeFrame::~ComposeFrame() = default;

void ComposeFrame::buildMenus() {
    auto* messageMenu = new wxMenu;
    messageMenu->Append(IdSend, _("&Send") + "\tCtrl+Enter", _("Send this message"));
    messageMenu->Append(IdSaveDraft, _("Save &Draft") + "\tCtrl+S", _("Store this message in the Drafts folder"));
    messageMenu->Append(IdAttach, _("&Attach Files...") + "\tCtrl+Shift+A", _("Add files to this message"));
    messageMenu->AppendSeparator();
    messageMenu->Append(wxID_CLOSE, _("&Close") + "\tCtrl+W", _("Close this window"));
    auto* menuBar = new wxMenuBar;
    menuBar->Append(messageMenu, _("&Message"));
    SetMenuBar(menuBar);

    Bind(wxEVT_MENU, [this](wxCommandEvent&) { send(); }, IdSend);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { saveDraft(); }, IdSaveDraft);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { attachments_->chooseAndAdd(); }, IdAttach);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(!busy_); }, IdSend, IdAttach);
}

void ComposeFrame::buildToolBar() {
    wxToolBar* tools = CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_FLAT);
    tools->SetName("ComposeToolBar");
    const auto icon = [](const char* id) { return wxArtProvider::GetBitmapBundle(id, wxART_TOOLBAR, wxSize(24, 24)); };
    tools->AddTool(IdSend, _("Send"), icon(art::Sent), _("Send this message (Ctrl+Enter)"));
    tools->AddTool(IdSaveDraft, _("Save Draft"), icon(art::Drafts), _("Store this message as a draft (Ctrl+S)"));
    tools->AddTool(IdAttach, _("Attach"), icon(art::Attachment), _("Add files to this message"));
    tools->Realize();
}

void ComposeFrame::fill(const model::OutgoingMessage& message) {
    int selection = accounts_.empty() ? wxNOT_FOUND : 0;
    for (std::size_t i = 0; i < accounts_.size(); ++i)
        if (accounts_[i].id == message.accountId) selection = static_cast<int>(i);
    if (selection != wxNOT_FOUND) from_->SetSelection(selection);
    to_->ChangeValue(format::u8(joinAddresses(message.to)));
    cc_->ChangeValue(format::u8(joinAddresses(message.cc)));
    bcc_->ChangeValue(format::u8(joinAddresses(message.bcc)));
    subject_->ChangeValue(format::u8(message.subject));
    body_->ChangeValue(format::u8(signedBody(message, selectedAccount())));
}

std::optional<model::AccountConfig> ComposeFrame::selectedAccount() const {
    const int selection = from_->GetSelection();
    if (selection == wxNOT_FOUND || static_cast<std::size_t>(selection) >= accounts_.size()) return std::nullopt;
    return accounts_[static_cast<std::size_t>(selection)];
}

model::OutgoingMessage ComposeFrame::message() const {
    model::OutgoingMessage m = carried_;
    const auto account = selectedAccount();
    m.accountId = account ? account->id : carried_.accountId;
    // A From carried over (a reopened draft) belongs to the account it was written for.
    if (m.accountId != carried_.accountId) m.from.clear();
    m.to = splitAddresses(format::toUtf8(to_->GetValue()));
    m.cc = splitAddresses(format::toUtf8(cc_->GetValue()));
    m.bcc = splitAddresses(format::toUtf8(bcc_->GetValue()));
    m.subject = format::toUtf8(subject_->GetValue());
    m.body = format::toUtf8(body_->GetValue());
    m.attachments = attachments_->attachments();
    return m;
}

bool ComposeFrame::modified() const {
    const model::OutgoingMessage now = message();
    return now.accountId != saved_.accountId || now.to != saved_.to || now.cc != saved_.cc || now.bcc != saved_.bcc ||
           now.subject != saved_.subject || now.body != saved_.body ||
           !sameAttachments(now.attachments, saved_.attachments);
}

void ComposeFrame::updateTitle() {
    const wxString subject = subject_->GetValue();
    SetTitle((subject.empty() ? _("New Message") : subject) + wxString::FromUTF8(" \xe2\x80\x94 ") + _("Compose"));
}

void ComposeFrame::setBusy(bool busy, const wxString& status) {
    busy_ = busy;
    for (wxWindow* field : std::initializer_list<wxWindow*>{from_, to_, cc_, bcc_, subject_, body_, attachments_})
        field->Enable(!busy);
    if (wxToolBar* tools = GetToolBar()) {
        tools->EnableTool(IdSend, !busy);
        tools->EnableTool(IdSaveDraft, !busy);
        tools->EnableTool(IdAttach, !busy);
    }
    SetStatusText(status);
}

void ComposeFrame::showError(const wxString& message) {
    SetStatusText(message);
    errorBar_->showError(message);
    errorBar_->GetParent()->Layout();
}

bool ComposeFrame::submit(const std::string& name, std::int64_t accountId, bool askUser, AccountWork work,
                          std::function<void(const std::optional<model::Error>&)> done) {
    engine::Job job;
    job.name = name;
    job.run = accountJob(main_.engineHost(), accountId, std::move(work), askUser);
    job.onProgress = WxUiPoster::boundTo<const engine::Progress&>(this, [this](const engine::Progress& progress) {
        if (!progress.phase.empty()) SetStatusText(format::u8(progress.phase));
    });
    job.onFinished = WxUiPoster::boundTo<const std::optional<model::Error>&>(this, std::move(done));
    main_.engineHost().jobs().submit(accountId, engine::Lane::Interactive, std::move(job));
    return true;
}

bool ComposeFrame::send() {
    if (busy_) return false;
    errorBar_->clear();
    const auto account = selectedAccount();
    if (!account) {
        showError(_("No account can send mail: add an outgoing (SMTP) server in File > Account Settings."));
        return false;
    }
    const struct {
        wxTextCtrl* field;
        wxString label;
    } checks[] = {{to_, _("To")}, {cc_, _("Cc")}, {bcc_, _("Bcc")}};
    for (const auto& check : checks) {
        const auto entries = splitAddresses(format::toUtf8(check.field->GetValue()));
        if (entries.empty()) continue;
        try {
            engine::parseAddressList(joinAddresses(entries));
        } catch (const std::exception& e) {
            showError(wxString::Format(_("%s: %s"), check.label, format::u8(e.what())));
            check.field->SetFocus();
            return false;
        }
    }
    const model::OutgoingMessage outgoing = message();
    if (outgoing.to.empty() && outgoing.cc.empty() && outgoing.bcc.empty()) {
        showError(_("Add at least one recipient."));
        to_->SetFocus();
        return false;
    }
    // Offline, the message goes to the outbox without a connection attempt.
    const bool queueOnly = main_.engineHost().offline();
    auto result = std::make_shared<engine::SendResult>();
    setBusy(true, queueOnly ? _("Putting the message in the outbox...") : _("Sending..."));
    return submit(
        "send", account->id, !queueOnly,
        [outgoing, queueOnly, result](engine::JobContext& job, const engine::Profile& profile,
                                      const model::AccountConfig& amended, const std::optional<std::string>& password) {
            *result = engine::sendMessage(job, profile, amended, outgoing, queueOnly, password);
        },
        [this, result](const std::optional<model::Error>& error) {
            setBusy(false, wxString());
            if (error) {
                if (error->kind() == model::ErrorKind::Cancelled) return SetStatusText(_("Sending cancelled."));
                return showError(_("Sending failed: ") + format::u8(errorText(*error)));
            }
            wxString note = format::u8(result->message);
            if (note.empty())
                note = result->outcome == engine::SendOutcome::Sent
                           ? _("Message sent.")
                           : _("The message waits in the outbox: it is sent when the server can be reached.");
            main_.jobStatusBar()->SetStatusText(note, JobStatusBar::FieldText);
            main_.reloadFromIndex();
            main_.refreshSessionBytes();
            Destroy();
        });
}

bool ComposeFrame::saveDraft(bool closeAfter) {
    if (busy_) return false;
    errorBar_->clear();
    const auto account = selectedAccount();
    if (!account) {
        showError(_("No account can store drafts: add an outgoing (SMTP) server in File > Account Settings."));
        return false;
    }
    if (account->protocol == model::Protocol::Imap && main_.engineHost().offline()) {
        showError(_("Working offline: the drafts of this account are kept on its server. Go online to save the draft."));
        return false;
    }
    const model::OutgoingMessage draft = message();
    auto stored = std::make_shared<model::DraftRef>();
    closeAfterSave_ = closeAfter;
    setBusy(true, _("Saving the draft..."));
    return submit(
        "draft", account->id, account->protocol == model::Protocol::Imap,
        [draft, stored](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& amended,
                        const std::optional<std::string>& password) {
            *stored = engine::saveDraft(job, profile, amended, draft, password);
        },
        [this, draft, stored](const std::optional<model::Error>& error) {
            setBusy(false, wxString());
            if (error) {
                closeAfterSave_ = false;
                if (error->kind() == model::ErrorKind::Cancelled) return SetStatusText(_("Saving the draft cancelled."));
                return showError(_("Saving the draft failed: ") + format::u8(errorText(*error)));
            }
            // The next save replaces this copy, and sending removes it.
            carried_.replacesDraft = *stored;
            carried_.accountId = draft.accountId;
            saved_ = draft;
            saved_.replacesDraft = *stored;
            SetStatusText(wxString::Format(_("Draft saved in %s."), format::u8(stored->folderPath)));
            main_.reloadFromIndex();
            if (closeAfterSave_) Destroy();
        });
}

void ComposeFrame::onClose(wxCloseEvent& event) {
    if (!event.CanVeto()) return event.Skip();
    if (busy_) {
        SetStatusText(_("Wait until the message is stored."));
        return event.Veto();
    }
    if (!modified()) return event.Skip();
    event.Veto();
    // From the event loop, never inside a yield (WxUiPoster::postModal).
    WxUiPoster::postModal(this, [this] {
        wxGenericMessageDialog ask(this, _("This message has changes that are not saved. Save it as a draft?"),
                                   _("Close Message"), wxYES_NO | wxCANCEL | wxICON_QUESTION);
        ask.SetName("ConfirmCloseCompose");
        ask.SetYesNoCancelLabels(_("&Save Draft"), _("&Discard"), _("&Cancel"));
        switch (ask.ShowModal()) {
            case wxID_YES:
                saveDraft(true);
                break;
            case wxID_NO:
                Destroy();
                break;
            default:
                break;
        }
    });
}

}  // namespace petrel::ui
