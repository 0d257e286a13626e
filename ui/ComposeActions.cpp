#include "ComposeActions.h"

#include <wx/artprov.h>
#include <wx/menu.h>
#include <wx/toolbar.h>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "FolderTree.h"
#include "JobTracker.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "PetrelArt.h"
#include "compose/AccountJob.h"
#include "compose/ComposeFrame.h"
#include "dialogs/OutboxDialog.h"
#include "mime/MailtoUrl.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"

namespace petrel::ui {

namespace {

enum {
    IdNewMessage = wxID_HIGHEST + 300,
    IdReply,
    IdReplyAll,
    IdForward,
    IdForwardAsAttachment,
    IdEditDraft,
    IdOutbox,
};

}  // namespace

int ComposeActions::newMessageId() { return IdNewMessage; }
int ComposeActions::replyId() { return IdReply; }
int ComposeActions::replyAllId() { return IdReplyAll; }
int ComposeActions::forwardId() { return IdForward; }
int ComposeActions::forwardAsAttachmentId() { return IdForwardAsAttachment; }
int ComposeActions::editDraftId() { return IdEditDraft; }
int ComposeActions::outboxId() { return IdOutbox; }

ComposeActions& ComposeActions::install(MainFrame& frame, std::shared_ptr<store::Db> index) {
    if (ComposeActions* existing = of(frame)) return *existing;
    auto* actions = new ComposeActions(frame, std::move(index));
    // The frame owns it from here and deletes it with itself.
    frame.SetClientObject(actions);
    actions->installMenus();
    actions->installToolBar();
    return *actions;
}

ComposeActions* ComposeActions::of(MainFrame& frame) { return dynamic_cast<ComposeActions*>(frame.GetClientObject()); }

ComposeActions::ComposeActions(MainFrame& frame, std::shared_ptr<store::Db> index)
    : frame_(frame), index_(std::move(index)) {}

void ComposeActions::installMenus() {
    wxMenuBar* menuBar = frame_.GetMenuBar();
    if (!menuBar) return;
    wxMenu* messageMenu = nullptr;
    menuBar->FindItem(MainFrame::markReadMenuId(), &messageMenu);
    if (messageMenu) {
        std::size_t at = 0;
        const auto insert = [&](int id, const wxString& label, const wxString& help) {
            messageMenu->Insert(at++, id, label, help);
        };
        insert(IdNewMessage, _("&New Message") + "\tCtrl+N", _("Write a new message"));
        insert(IdReply, _("&Reply") + "\tCtrl+R", _("Reply to the sender of the selected message"));
        insert(IdReplyAll, _("Reply to &All") + "\tCtrl+Shift+R", _("Reply to the sender and all recipients"));
        insert(IdForward, _("For&ward") + "\tCtrl+L", _("Forward the selected message in the text"));
        insert(IdForwardAsAttachment, _("Forward as Attac&hment"), _("Forward the selected message as an attachment"));
        insert(IdEditDraft, _("&Edit Draft"), _("Continue writing the selected draft"));
        messageMenu->InsertSeparator(at);
    }
    wxMenu* mailMenu = nullptr;
    if (menuBar->FindItem(MainFrame::checkMailMenuId(), &mailMenu) && mailMenu) {
        mailMenu->AppendSeparator();
        mailMenu->Append(IdOutbox, _("&Outbox..."), _("Messages waiting to be sent"));
    }

    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { newMessage(); }, IdNewMessage);
    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { reply(engine::ReplyKind::Sender); }, IdReply);
    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { reply(engine::ReplyKind::All); }, IdReplyAll);
    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { forward(engine::ForwardKind::Inline); }, IdForward);
    frame_.Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { forward(engine::ForwardKind::AsAttachment); }, IdForwardAsAttachment);
    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { editDraft(); }, IdEditDraft);
    frame_.Bind(wxEVT_MENU, [this](wxCommandEvent&) { showOutbox(); }, IdOutbox);
    // Compose windows are children of the main window and would go with it unasked: a message
    // with unsaved changes (or one being sent) stops the close, and its own close asks about it.
    frame_.Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& event) {
        if (event.CanVeto()) {
            for (wxWindow* child : frame_.GetChildren()) {
                auto* compose = dynamic_cast<ComposeFrame*>(child);
                if (!compose || compose->IsBeingDeleted() || (!compose->modified() && !compose->busy())) continue;
                event.Veto();
                compose->Raise();
                compose->Close();
                return;
            }
        }
        event.Skip();
    });
    frame_.Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(frame_.messageList()->GetSelectedItemCount() == 1); }, IdReply,
        IdForwardAsAttachment);
    frame_.Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(selectedIsDraft()); }, IdEditDraft);
}

void ComposeActions::installToolBar() {
    wxToolBar* tools = frame_.GetToolBar();
    if (!tools) {
        tools = frame_.CreateToolBar(wxTB_HORIZONTAL | wxTB_TEXT | wxTB_FLAT);
        tools->SetName("MainToolBar");
    } else {
        tools->AddSeparator();
    }
    const auto icon = [](const char* id) { return wxArtProvider::GetBitmapBundle(id, wxART_TOOLBAR, wxSize(24, 24)); };
    tools->AddTool(IdNewMessage, _("Write"), icon(art::Compose), _("Write a new message (Ctrl+N)"));
    tools->AddTool(IdReply, _("Reply"), icon(art::Reply), _("Reply to the sender (Ctrl+R)"));
    tools->AddTool(IdReplyAll, _("Reply All"), icon(art::ReplyAll), _("Reply to everyone (Ctrl+Shift+R)"));
    tools->AddTool(IdForward, _("Forward"), icon(art::Forward), _("Forward the message (Ctrl+L)"));
    tools->AddTool(IdOutbox, _("Outbox"), icon(art::Outbox), _("Messages waiting to be sent"));
    tools->Realize();
    frame_.Layout();
}

ComposeFrame* ComposeActions::openCompose(const model::OutgoingMessage& message) {
    std::size_t senders = 0;
    try {
        senders = ComposeFrame::sendingAccounts(*index_).size();
    } catch (const std::exception& e) {
        frame_.errorBar()->showError(_("Cannot read the accounts from the local index: ") + format::u8(e.what()));
        return nullptr;
    }
    if (senders == 0) {
        frame_.errorBar()->showError(
            _("No account can send mail yet. Add an account with File > Add Account (the wizard asks for the "
              "outgoing server), or add an SMTP server to an account in File > Account Settings."));
        return nullptr;
    }
    auto* compose = new ComposeFrame(frame_, index_, message);
    compose->Show();
    compose->Raise();
    return compose;
}

ComposeFrame* ComposeActions::newMessage() {
    model::OutgoingMessage message;
    if (const auto account = frame_.folderTree()->selectedAccount()) message.accountId = account->id;
    return openCompose(message);
}

ComposeFrame* ComposeActions::openMailto(const std::string& url) {
    mime::MailtoUrl link;
    try {
        link = mime::MailtoUrl::parse(url);
    } catch (const std::exception& e) {
        frame_.errorBar()->showError(_("Cannot open the mailto: link: ") + format::u8(e.what()));
        return nullptr;
    }
    model::OutgoingMessage message;
    if (const auto account = frame_.folderTree()->selectedAccount()) message.accountId = account->id;
    message.to = link.to;
    message.cc = link.cc;
    message.bcc = link.bcc;
    message.subject = link.subject;
    message.body = link.body;
    message.inReplyTo = link.inReplyTo;
    message.references = link.inReplyTo;
    return openCompose(message);
}

std::optional<ComposeActions::Selected> ComposeActions::selected() const {
    MessageList* list = frame_.messageList();
    if (list->GetSelectedItemCount() != 1) return std::nullopt;
    const auto summary = list->summaryAt(list->GetFirstSelected());
    if (!summary) return std::nullopt;
    try {
        const auto folder = store::FolderRepository(*index_).findById(summary->folderId);
        if (!folder) return std::nullopt;
        const auto account = store::AccountRepository(*index_).findById(folder->accountId);
        if (!account) return std::nullopt;
        return Selected{*account, folder->path, summary->uid};
    } catch (const std::exception& e) {
        frame_.errorBar()->showError(_("Cannot read the message's folder from the local index: ") +
                                     format::u8(e.what()));
    }
    return std::nullopt;
}

bool ComposeActions::selectedIsDraft() const {
    MessageList* list = frame_.messageList();
    if (list->GetSelectedItemCount() != 1) return false;
    const auto summary = list->summaryAt(list->GetFirstSelected());
    if (!summary) return false;
    if (summary->flags & model::FlagDraft) return true;
    const auto folder = frame_.folderTree()->selectedFolder();
    return folder && folder->id == summary->folderId && folder->specialUse == model::SpecialUse::Drafts;
}

bool ComposeActions::prepareFromSelection(
    const std::string& name, const wxString& label, const wxString& failureTitle,
    std::function<model::OutgoingMessage(engine::JobContext&, const engine::Profile&, const model::AccountConfig&,
                                         const Selected&, const std::optional<std::string>&)>
        prepare) {
    const auto target = selected();
    if (!target) {
        frame_.SetStatusText(_("Select one message first."), 0);
        return false;
    }
    auto result = std::make_shared<model::OutgoingMessage>();
    JobRequest request;
    request.accountId = target->account.id;
    request.lane = engine::Lane::Interactive;
    request.name = name;
    request.label = label;
    request.doneLabel = label + _(": done");
    request.failureTitle = failureTitle;
    // POP3 messages are read from the local copy when it is there (as opening them is).
    request.network = target->account.protocol != model::Protocol::Pop3;
    request.run = accountJob(frame_.engineHost(), target->account.id,
                             [prepare, result, where = *target](engine::JobContext& job, const engine::Profile& profile,
                                                                const model::AccountConfig& account,
                                                                const std::optional<std::string>& password) {
                                 *result = prepare(job, profile, account, where, password);
                             });
    request.onFinished = [this, result, accountId = target->account.id](const std::optional<model::Error>& error) {
        if (error) return;
        // Answered from the account the original belongs to, unless the engine chose otherwise.
        if (!result->accountId) result->accountId = accountId;
        openCompose(*result);
    };
    return frame_.jobTracker().submit(std::move(request)).has_value();
}

bool ComposeActions::reply(engine::ReplyKind kind) {
    return prepareFromSelection(
        "open", kind == engine::ReplyKind::All ? _("Preparing reply to all") : _("Preparing reply"),
        _("Preparing the reply failed"),
        [kind](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& account,
               const Selected& where, const std::optional<std::string>& password) {
            return engine::prepareReply(job, profile, account, where.folderPath, where.uid, kind, password);
        });
}

bool ComposeActions::forward(engine::ForwardKind kind) {
    return prepareFromSelection(
        "open", _("Preparing forward"), _("Preparing the forward failed"),
        [kind](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& account,
               const Selected& where, const std::optional<std::string>& password) {
            return engine::prepareForward(job, profile, account, where.folderPath, where.uid, kind, password);
        });
}

bool ComposeActions::editDraft() {
    return prepareFromSelection(
        "open", _("Opening draft"), _("Opening the draft failed"),
        [](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& account,
           const Selected& where, const std::optional<std::string>& password) {
            return engine::openDraft(job, profile, account, model::DraftRef{where.folderPath, where.uid}, password);
        });
}

OutboxDialog* ComposeActions::showOutbox() {
    if (auto* open = dynamic_cast<OutboxDialog*>(outbox_.get())) {
        open->reload();
        open->Raise();
        return open;
    }
    auto* dialog = new OutboxDialog(frame_, index_);
    outbox_ = dialog;
    dialog->Show();
    return dialog;
}

}  // namespace petrel::ui
