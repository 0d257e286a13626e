#include "MainFrame.h"

#include <wx/aboutdlg.h>
#include <wx/artprov.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/srchctrl.h>
#include <wx/splitter.h>

#include <algorithm>

#include "AccountJobs.h"
#include "ComposeActions.h"
#include "DisplayFormat.h"
#include "DropTargets.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "FolderActions.h"
#include "FolderTree.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "MessageList.h"
#include "MessageView.h"
#include "CheckScheduler.h"
#include "NewMailNotifier.h"
#include "SearchBar.h"
#include "OfflineSetting.h"
#include "PetrelArt.h"
#include "PetrelVersion.h"
#include "Pop3ServerView.h"
#include "engine/SafeFileName.h"
#include "WxUiPoster.h"
#include "dialogs/AccountSettingsDialog.h"
#include "dialogs/AccountWizard.h"
#include "dialogs/FolderChooserDialog.h"
#include "engine/UserDecisions.h"
#include "engine/WorkerDatabase.h"
#include "store/FolderRepository.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/MessageIndex.h"
#include "store/OpQueue.h"

namespace petrel::ui {

namespace {

enum MenuId {
    IdSortDate = wxID_HIGHEST + 1,
    IdSortFrom,
    IdSortSubject,
    IdSortSize,
    IdSortDescending,
    IdUnreadOnly,
    IdAddAccount,
    IdAccountSettings,
    IdRemoveAccount,
    IdCheckMail,
    IdCheckAccount,
    IdWorkOffline,
    IdMarkRead,
    IdMarkUnread,
    IdToggleFlag,
    IdDeleteMessage,
    IdNewFolder,
    IdRenameFolder,
    IdDeleteFolder,
    IdSubscribeFolder,
    IdRefreshFolder,
    IdMoveTo,
    IdCopyTo,
};

int menuIdFor(store::SortKey key) {
    switch (key) {
        case store::SortKey::Date:
            return IdSortDate;
        case store::SortKey::From:
            return IdSortFrom;
        case store::SortKey::Subject:
            return IdSortSubject;
        case store::SortKey::Size:
            return IdSortSize;
    }
    return IdSortDate;
}

const char* const kFolderSash = "folders";
const char* const kMessageSash = "messages";

}  // namespace

MainFrame::MainFrame(std::shared_ptr<store::Db> index, const wxString& profileDir)
    : MainFrame(index, profileDir,
                *new EngineHost(engine::Profile(format::toUtf8(profileDir)))) {
    // The delegated constructor took the host by reference; this frame owns it.
    ownedHost_.reset(host_);
}

MainFrame::MainFrame(std::shared_ptr<store::Db> index, const wxString& profileDir, EngineHost& host)
    : wxFrame(nullptr, wxID_ANY, "Petrel"),
      index_(std::move(index)),
      messages_(std::make_unique<store::MessageIndex>(*index_)),
      profileDir_(profileDir),
      host_(&host) {
    SetName("MainFrame");
    SetMinSize(FromDIP(wxSize(640, 420)));
    SetIcons(PetrelArt::appIcons());
    createMenus();
    status_ = new JobStatusBar(this);
    SetStatusBar(status_);
    errorBar_ = new ErrorBar(this);
    tracker_ = std::make_unique<JobTracker>(*this, *host_, *status_, *errorBar_);
    tracker_->afterEachJob = [this] {
        refreshSessionBytes();
        refreshWaitingOperations();
    };
    status_->onCancel = [this](std::uint64_t jobId) { tracker_->cancel(jobId); };
    status_->onToggleOnline = [this] { setWorkOffline(!workOffline()); };

    folderSplitter_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                           wxSP_LIVE_UPDATE | wxSP_NOBORDER);
    folderSplitter_->SetName("FolderSplitter");
    folderTree_ = new FolderTree(folderSplitter_, index_);
    messageSplitter_ = new wxSplitterWindow(folderSplitter_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                            wxSP_LIVE_UPDATE | wxSP_NOBORDER);
    messageSplitter_->SetName("MessageSplitter");
    auto* listPane = new wxPanel(messageSplitter_);
    listPane->SetName("ListPane");
    listPane_ = listPane;
    // The search field, its scope switch and its handlers (typing, Enter, Escape): SearchBar.
    searchBar_ = new SearchBar(listPane, *this, index_);
    search_ = searchBar_->field();
    messageList_ = new MessageList(listPane, index_);
    auto* listSizer = new wxBoxSizer(wxVERTICAL);
    listSizer->Add(searchBar_, wxSizerFlags().Expand().Border(wxALL, FromDIP(3)));
    listSizer->Add(messageList_, wxSizerFlags(1).Expand());
    listPane->SetSizer(listSizer);
    messageView_ = new MessageView(messageSplitter_);
    pop3View_ = new Pop3ServerView(messageSplitter_, *host_, *tracker_);
    pop3View_->Hide();
    pop3View_->onChanged = [this] { reloadFromIndex(); };
    pop3View_->onOpened = [this](const engine::OpenedMessage& opened) {
        ++openSeq_;
        openedId_ = opened.summary.id;
        messageView_->showMessage(opened.summary, std::nullopt);
        messageView_->showOpened(opened);
    };
    folderActions_ = std::make_unique<FolderActions>(*this, *host_, *tracker_, *folderTree_, index_);
    folderActions_->reload = [this] { reloadFromIndex(); };
    folderActions_->refreshAccount = [this](std::int64_t accountId) { checkMail(accountId); };
    messageActions_ = std::make_unique<MessageActions>(*host_, *tracker_);
    dropTarget_ = new FolderDropTarget(*folderTree_, [this](const FolderTree::Entry& folder,
                                                            const MessageDragData::Payload& what, bool copy) {
        return dropMessages(what.accountId, what.messageIds, *folder.folder, copy);
    });
    folderTree_->SetDropTarget(dropTarget_);
    messageView_->attachJobs(*tracker_, *host_, index_);
    messageView_->onEnterPassword = [this] {
        const auto targets = selectedTargets();
        if (targets.size() == 1) openMessage(targets.front(), targets.front().account.bodyCapBytes, true);
    };
    notifier_ = std::make_unique<NewMailNotifier>(this, index_);
    messageView_->onLoadRest = [this](std::uint32_t bytes) { reopenSelected(bytes); };
    messageView_->onSaveAttachment = [this](const model::PartInfo& part) {
        const wxString suggested = format::u8(engine::safeFileName(part.fileName));
        WxUiPoster::postModal(this, [this, part, suggested] {
            const wxString path = chooseSavePath ? chooseSavePath(suggested) : wxString();
            if (path.empty()) return;
            const wxFileName chosen(path);
            saveAttachmentTo(part, chosen.GetPath(), chosen.GetFullName());
        });
    };
    chooseEmlPath = [this](const wxString& suggested) {
        wxFileDialog dialog(this, _("Save Message"), wxString(), suggested,
                            _("Mail messages (*.eml)|*.eml|All files|*"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
        return dialog.ShowModal() == wxID_OK ? dialog.GetPath() : wxString();
    };
    chooseSavePath = [this](const wxString& suggested) {
        wxFileDialog dialog(this, _("Save Attachment"), wxString(), suggested, wxFileSelectorDefaultWildcardStr,
                            wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
        return dialog.ShowModal() == wxID_OK ? dialog.GetPath() : wxString();
    };

    folderSplitter_->SetMinimumPaneSize(FromDIP(80));
    messageSplitter_->SetMinimumPaneSize(FromDIP(60));
    // Growing the window gives the room to the list (wider) and the reading pane (taller); the
    // folder pane and the list keep the size the user gave them. Gravity 0 also keeps a restored
    // sash where it was put while the frame grows from nothing to its first real size.
    folderSplitter_->SetSashGravity(0.0);
    messageSplitter_->SetSashGravity(0.0);
    // Until the first size event these are requests; the splitter applies them once it has a size.
    messageSplitter_->SplitHorizontally(listPane, messageView_,
                                        settings_.sashPosition(kMessageSash).value_or(FromDIP(320)));
    folderSplitter_->SplitVertically(folderTree_, messageSplitter_,
                                     settings_.sashPosition(kFolderSash).value_or(FromDIP(300)));

    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(errorBar_, wxSizerFlags().Expand());
    layout->Add(folderSplitter_, wxSizerFlags(1).Expand());
    SetSizer(layout);

    restoreGeometry();
    syncSortMenu();

    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::onClose, this);
    folderTree_->Bind(wxEVT_TREE_SEL_CHANGED, &MainFrame::onFolderSelected, this);
    folderTree_->Bind(wxEVT_TREE_ITEM_MENU, &MainFrame::onTreeMenu, this);
    folderTree_->Bind(wxEVT_TREE_KEY_DOWN, &MainFrame::onTreeKey, this);
    messageList_->Bind(wxEVT_LIST_BEGIN_DRAG, &MainFrame::onBeginDrag, this);
    messageList_->Bind(wxEVT_LIST_ITEM_SELECTED, &MainFrame::onMessageSelection, this);
    messageList_->Bind(wxEVT_LIST_ITEM_DESELECTED, &MainFrame::onMessageSelection, this);
    messageList_->Bind(wxEVT_LIST_KEY_DOWN, &MainFrame::onListKey, this);
    messageList_->Bind(wxEVT_LIST_ITEM_RIGHT_CLICK, &MainFrame::onListMenu, this);
    // Bound on the frame: the list sorts in its own handler first, then lets the event travel up.
    Bind(wxEVT_LIST_COL_CLICK, &MainFrame::onColumnClick, this);
    // New/Reply/Forward/Edit Draft/Outbox: menus, toolbar and compose windows (H2).
    ComposeActions::install(*this, index_);

    try {
        folderTree_->reload();
        if (const std::int64_t last = settings_.lastFolderId()) folderTree_->selectFolder(last);
    } catch (const std::exception& e) {
        reportError(_("Cannot read the folders from the local index"), e);
    }
    updateStatus();
    updateTitle();
    if (!folderTree_->hasAccounts()) {
        SetStatusText(_("No accounts yet: File > Add Account, or petrel-cli account add NAME"), 0);
    }

    const bool offline = OfflineSetting::load();
    host_->setOffline(offline);
    status_->setOnline(!offline);
    GetMenuBar()->Check(IdWorkOffline, offline);
    try {
        store::ByteCounters counters(*index_);
        for (const auto& account : store::AccountRepository(*index_).list()) {
            const auto total = counters.total(account.id);
            byteBaseline_[account.id] = total.sent + total.received;
        }
    } catch (const std::exception& e) {
        reportError(_("Cannot read the byte counters from the local index"), e);
    }
    refreshSessionBytes();
    refreshWaitingOperations();
    scheduler_ = std::make_unique<CheckScheduler>([this] { return store::AccountRepository(*index_).list(); },
                                                  [this] { return host_->offline(); },
                                                  [this](std::int64_t accountId) { checkMail(accountId); });
    scheduler_->reschedule();
}

MainFrame::~MainFrame() {
    scheduler_.reset();
    // Jobs still running would report to this window: their callbacks are dropped (WxUiPoster),
    // and an engine of our own stops here, before the index connection goes.
    if (tracker_) tracker_->cancelNetworkJobs();
    if (ownedHost_) ownedHost_->shutdown();
}

int MainFrame::addAccountMenuId() { return IdAddAccount; }
int MainFrame::checkMailMenuId() { return IdCheckMail; }
int MainFrame::workOfflineMenuId() { return IdWorkOffline; }
int MainFrame::markReadMenuId() { return IdMarkRead; }
int MainFrame::markUnreadMenuId() { return IdMarkUnread; }
int MainFrame::toggleFlagMenuId() { return IdToggleFlag; }
int MainFrame::deleteMessageMenuId() { return IdDeleteMessage; }
int MainFrame::newFolderMenuId() { return IdNewFolder; }
int MainFrame::renameFolderMenuId() { return IdRenameFolder; }
int MainFrame::deleteFolderMenuId() { return IdDeleteFolder; }
int MainFrame::subscribeFolderMenuId() { return IdSubscribeFolder; }
int MainFrame::refreshFolderMenuId() { return IdRefreshFolder; }
int MainFrame::moveToMenuId() { return IdMoveTo; }
int MainFrame::copyToMenuId() { return IdCopyTo; }

void MainFrame::createMenus() {
    auto* fileMenu = new wxMenu;
    fileMenu->Append(IdAddAccount, _("&Add Account..."), _("Set up a mail account"));
    fileMenu->Append(IdAccountSettings, _("Account &Settings..."), _("Change the settings of the selected account"));
    fileMenu->Append(IdRemoveAccount, _("&Remove Account..."), _("Remove the selected account from Petrel"));
    fileMenu->AppendSeparator();
    // Stock ids: each platform gets its own label and shortcut (Ctrl+Q on GTK, Alt+F4 on
    // Windows, Cmd+Q in the application menu on macOS).
    fileMenu->Append(wxID_EXIT);

    auto* mailMenu = new wxMenu;
    // "Get new mail" is F5 on Windows and Linux mail clients, Shift+Cmd+N on macOS (Cmd+R is
    // Reply there, as Ctrl+R is elsewhere).
#ifdef __WXOSX__
    mailMenu->Append(IdCheckMail, _("&Check Mail") + "\tCtrl+Shift+N", _("Check every account for new mail"));
#else
    mailMenu->Append(IdCheckMail, _("&Check Mail") + "\tF5", _("Check every account for new mail"));
#endif

    // Thunderbird's keys in the list (M, S, Del) are handled by the list itself (onListKey): as
    // menu accelerators they would also fire while typing in the search field.
    auto* messageMenu = new wxMenu;
    // No Ctrl+Shift+R here: that is Reply All in every mail client. The list's M key toggles read.
    messageMenu->Append(IdMarkRead, _("Mark as &Read"), _("Mark the selected messages read"));
    messageMenu->Append(IdMarkUnread, _("Mark as &Unread") + "\tCtrl+Shift+U", _("Mark the selected messages unread"));
    messageMenu->Append(IdToggleFlag, _("&Flag / Unflag") + "\tCtrl+Shift+F", _("Star the selected messages, or remove the star"));
    messageMenu->AppendSeparator();
    // No platform convention exists for Move/Copy; these keys are free in Petrel's menus (Cmd on macOS).
    messageMenu->Append(IdMoveTo, _("&Move To...") + "\tCtrl+Shift+M", _("Move the selected messages to another folder"));
    messageMenu->Append(IdCopyTo, _("&Copy To...") + "\tCtrl+Shift+Y", _("Copy the selected messages to another folder"));
    // Ctrl+S (Cmd+S) saves the message as a file, as in Thunderbird.
    messageMenu->Append(wxID_SAVEAS, _("&Save As...") + "\tCtrl+S", _("Save the selected message as an .eml file"));
    messageMenu->AppendSeparator();
    messageMenu->Append(IdDeleteMessage, _("&Delete"), _("Delete the selected messages"));

    auto* folderMenu = new wxMenu;
    folderMenu->Append(IdNewFolder, _("&New Folder..."), _("Create a folder inside the selected one"));
    folderMenu->Append(IdRenameFolder, _("&Rename...") + "\tF2", _("Rename the selected folder"));
    folderMenu->Append(IdDeleteFolder, _("&Delete..."), _("Delete the selected folder"));
    folderMenu->AppendSeparator();
    folderMenu->AppendCheckItem(IdSubscribeFolder, _("&Subscribed"), _("Subscribe to the folder, or unsubscribe"));
    folderMenu->Append(IdRefreshFolder, _("Re&fresh"), _("Read the account's folders and new mail from the server"));

    auto* sortMenu = new wxMenu;
    sortMenu->AppendRadioItem(IdSortDate, _("&Date"), _("Sort the message list by date"));
    sortMenu->AppendRadioItem(IdSortFrom, _("&From"), _("Sort the message list by sender"));
    sortMenu->AppendRadioItem(IdSortSubject, _("&Subject"), _("Sort the message list by subject"));
    sortMenu->AppendRadioItem(IdSortSize, _("Si&ze"), _("Sort the message list by size"));
    sortMenu->AppendSeparator();
    sortMenu->AppendCheckItem(IdSortDescending, _("D&escending"), _("Reverse the sort order"));

    auto* viewMenu = new wxMenu;
    viewMenu->AppendSubMenu(sortMenu, _("&Sort By"));
    viewMenu->AppendCheckItem(IdUnreadOnly, _("&Unread Messages Only"),
                              _("Hide messages that have been read"));
    viewMenu->AppendSeparator();
    viewMenu->AppendCheckItem(IdWorkOffline, _("Work &Offline"), _("Stop all network activity until turned off"));
    viewMenu->AppendSeparator();
#ifdef __WXOSX__
    // Cmd+R is Check Mail there.
    viewMenu->Append(wxID_REFRESH, _("&Reload from Index"), _("Read folders and messages again from the local index"));
#else
    viewMenu->Append(wxID_REFRESH, wxString(), _("Read folders and messages again from the local index"));
#endif

    auto* helpMenu = new wxMenu;
    helpMenu->Append(wxID_ABOUT);

    auto* menuBar = new wxMenuBar;
    menuBar->Append(fileMenu, _("&File"));
    menuBar->Append(mailMenu, _("&Mail"));
    menuBar->Append(messageMenu, _("M&essage"));
    menuBar->Append(folderMenu, _("F&older"));
    menuBar->Append(viewMenu, _("&View"));
    menuBar->Append(helpMenu, _("&Help"));
    SetMenuBar(menuBar);

    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(wxEVT_MENU, &MainFrame::onAbout, this, wxID_ABOUT);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { reloadFromIndex(); }, wxID_REFRESH);
    Bind(wxEVT_MENU, &MainFrame::onSortMenu, this, IdSortDate, IdSortDescending);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { addAccount(); }, IdAddAccount);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (const auto account = folderTree_->selectedAccount()) showAccountSettings(account->id);
        },
        IdAccountSettings);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (const auto account = folderTree_->selectedAccount()) removeAccount(account->id);
        },
        IdRemoveAccount);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { checkMail(); }, IdCheckMail);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { markSelected(engine::MessageMark::Read); }, IdMarkRead);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { markSelected(engine::MessageMark::Unread); }, IdMarkUnread);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { toggleFlagSelected(); }, IdToggleFlag);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { deleteSelected(); }, IdDeleteMessage);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { moveSelected(false); }, IdMoveTo);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { moveSelected(true); }, IdCopyTo);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { saveSelectedAsEml(); }, wxID_SAVEAS);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(messageList_ && messageList_->GetSelectedItemCount() > 0); },
        IdMoveTo, IdCopyTo);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(messageList_ && messageList_->GetSelectedItemCount() == 1); },
        wxID_SAVEAS);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { folderActions_->newFolder(); }, IdNewFolder);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { folderActions_->renameFolder(); }, IdRenameFolder);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { folderActions_->deleteFolder(); }, IdDeleteFolder);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { folderActions_->toggleSubscribed(); }, IdSubscribeFolder);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { folderActions_->refresh(); }, IdRefreshFolder);
    Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(folderActions_->canCreate()); }, IdNewFolder);
    Bind(
        wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(folderActions_->canRename()); },
        IdRenameFolder);
    Bind(
        wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(folderActions_->canDelete()); },
        IdDeleteFolder);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) {
            event.Enable(folderActions_->canSubscribe());
            event.Check(folderActions_->isSubscribed());
        },
        IdSubscribeFolder);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(folderActions_->canRefresh() && !workOffline()); },
        IdRefreshFolder);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(messageList_ && messageList_->GetSelectedItemCount() > 0); },
        IdMarkRead, IdDeleteMessage);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (const auto account = folderTree_->selectedAccount()) checkMail(account->id);
        },
        IdCheckAccount);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent& event) { setWorkOffline(event.IsChecked()); }, IdWorkOffline);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(folderTree_->selectedAccount().has_value()); },
        IdAccountSettings, IdRemoveAccount);
    Bind(
        wxEVT_UPDATE_UI,
        [this](wxUpdateUIEvent& event) { event.Enable(!workOffline() && folderTree_->hasAccounts()); },
        IdCheckMail);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent& event) {
            try {
                messageList_->setUnreadOnly(event.IsChecked());
            } catch (const std::exception& e) {
                reportError(_("Cannot read the message list from the local index"), e);
            }
            updateStatus();
        },
        IdUnreadOnly);
}

void MainFrame::restoreGeometry() {
    // Restore before giving the frame any size of its own: wx never restores a size smaller
    // than the frame's best size, which for a frame without a sizer is its current size.
    if (settings_.restoreGeometry(*this, "MainFrame")) return;
    SetSize(FromDIP(wxSize(1200, 760)));
    Centre();
}

void MainFrame::syncSortMenu() {
    wxMenuBar* menuBar = GetMenuBar();
    menuBar->Check(menuIdFor(messageList_->sortKey()), true);
    menuBar->Check(IdSortDescending, messageList_->sortDescending());
    menuBar->Check(IdUnreadOnly, messageList_->unreadOnly());
}

void MainFrame::reportError(const wxString& what, const std::exception& error) {
    wxString message = what + ": " + format::u8(error.what());
    SetStatusText(message, 0);
    if (const auto* typed = dynamic_cast<const model::Error*>(&error); typed && !typed->detail().empty())
        message += " (" + format::u8(typed->detail()) + ")";
    // Not a modal log dialog: the error bar informs without stopping anything.
    if (errorBar_) errorBar_->showError(message);
}

void MainFrame::reloadFromIndex() {
    try {
        folderTree_->reload();
        showCurrentFolder();
        messageList_->refresh();
    } catch (const std::exception& e) {
        reportError(_("Cannot read the local index"), e);
    }
    updateStatus();
}

void MainFrame::onFolderSelected(wxTreeEvent& event) {
    event.Skip();
    showCurrentFolder();
}

void MainFrame::showCurrentFolder() {
    // The "On server" node of a POP3 account: the server's listing in place of the message list.
    const auto entry = folderTree_->selectedEntry();
    const bool serverView = entry && entry->kind == FolderTree::Kind::Pop3Server;
    wxWindow* const wantedPane = serverView ? static_cast<wxWindow*>(pop3View_) : static_cast<wxWindow*>(listPane_);
    if (messageSplitter_->GetWindow1() != wantedPane) {
        wxWindow* const shownPane = messageSplitter_->GetWindow1();
        messageSplitter_->ReplaceWindow(shownPane, wantedPane);
        wantedPane->Show();
        shownPane->Hide();
    }
    if (serverView) {
        if (messageList_->folderId()) messageList_->clearFolder();
        messageView_->clear();
        openedId_ = 0;
        pop3View_->showAccount(entry->account);
        updateStatus();
        updateTitle();
        return;
    }
    if (folderTree_->allInboxesSelected()) {
        if (messageList_->folderId() != store::kAllInboxesFolderId) {
            messageView_->clear();
            try {
                messageList_->showFolder(store::kAllInboxesFolderId);
                settings_.setLastFolderId(store::kAllInboxesFolderId);
            } catch (const std::exception& e) {
                reportError(_("Cannot read the message list from the local index"), e);
            }
        }
        syncSortMenu();
        updateStatus();
        updateTitle();
        return;
    }
    const auto folder = folderTree_->selectedFolder();
    if (!folder || !folder->selectable) {
        if (messageList_->folderId()) {
            messageList_->clearFolder();
            messageView_->clear();
        }
    } else if (messageList_->folderId() != folder->id) {
        messageView_->clear();
        try {
            messageList_->showFolder(folder->id);
            settings_.setLastFolderId(folder->id);
        } catch (const std::exception& e) {
            reportError(_("Cannot read the message list from the local index"), e);
        }
    }
    syncSortMenu();
    updateStatus();
    updateTitle();
}

void MainFrame::onMessageSelection(wxListEvent& event) {
    event.Skip();
    if (viewUpdatePending_) return;
    viewUpdatePending_ = true;
    // Queued on this frame: if it is destroyed first, the call goes with it.
    CallAfter([this] { updateView(); });
}

void MainFrame::updateView() {
    viewUpdatePending_ = false;
    const int selected = messageList_->GetSelectedItemCount();
    if (selected > 1) {
        openedId_ = 0;
        return messageView_->showSelectionCount(static_cast<std::size_t>(selected));
    }
    const long row = selected == 1 ? messageList_->GetFirstSelected() : -1;
    const auto summary = row >= 0 ? messageList_->summaryAt(row) : std::nullopt;
    if (!summary) {
        openedId_ = 0;
        ++openSeq_;
        return messageView_->clear();
    }
    // The list was re-read (after a flag change): the pane already shows this message.
    if (summary->id == openedId_ && messageView_->messageId() == summary->id) return;
    std::optional<std::string> text;
    try {
        if (summary->cacheState & model::CachedText) text = messages_->cachedText(summary->id);
    } catch (const std::exception& e) {
        reportError(_("Cannot read the message text from the local index"), e);
    }
    messageView_->showMessage(*summary, text);
    openedId_ = summary->id;
    if (const auto target = targetFor(*summary)) openMessage(*target, target->account.bodyCapBytes, false);
}

std::optional<MainFrame::MessageTarget> MainFrame::targetFor(const model::MessageSummary& summary) {
    try {
        const auto folder = store::FolderRepository(*index_).findById(summary.folderId);
        if (!folder) return std::nullopt;
        const auto account = findAccount(folder->accountId);
        if (!account) return std::nullopt;
        return MessageTarget{*account, folder->path, summary.uid, summary.id, summary.flags};
    } catch (const std::exception& e) {
        reportError(_("Cannot read the message's folder from the local index"), e);
    }
    return std::nullopt;
}

std::vector<MainFrame::MessageTarget> MainFrame::selectedTargets() {
    std::vector<MessageTarget> targets;
    for (long row = messageList_->GetFirstSelected(); row != -1; row = messageList_->GetNextSelected(row)) {
        if (const auto summary = messageList_->summaryAt(row))
            if (auto target = targetFor(*summary)) targets.push_back(std::move(*target));
    }
    return targets;
}

std::optional<std::uint64_t> MainFrame::submitMessageJob(const MessageTarget& target, const std::string& name,
                                                         const wxString& label, const wxString& failureTitle,
                                                         bool network, bool askUser, MessageWork work,
                                                         std::function<void(const std::optional<model::Error>&)> done) {
    JobRequest request;
    request.accountId = target.account.id;
    request.lane = engine::Lane::Interactive;
    request.name = name;
    request.label = label;
    request.doneLabel = label + _(": done");
    request.failureTitle = failureTitle;
    request.network = network;
    request.run = [profile = host_->profile(), secrets = host_->secrets(), account = target.account,
                   work = std::move(work), askUser](engine::JobContext& job) {
        if (!askUser) return work(job, profile, account, std::nullopt);
        engine::withUserDecisions(job, profile, account, *secrets,
                                  [&](const model::AccountConfig& amended, const std::optional<std::string>& password) {
                                      work(job, profile, amended, password);
                                  });
    };
    request.onFinished = std::move(done);
    return tracker_->submit(std::move(request));
}

void MainFrame::openMessage(const MessageTarget& target, std::uint32_t maxBytes, bool askUser) {
    const std::uint64_t seq = ++openSeq_;
    auto result = std::make_shared<engine::OpenedMessage>();
    const bool pop3 = target.account.protocol == model::Protocol::Pop3;
    const std::string path = target.folderPath;
    const std::uint32_t uid = target.uid;
    messageView_->showLoading();
    const auto id = submitMessageJob(
        target, "open", _("Opening message"), _("Opening the message failed"), !pop3, askUser,
        [result, path, uid, maxBytes](engine::JobContext& job, const engine::Profile& profile,
                                      const model::AccountConfig& account, const std::optional<std::string>& password) {
            *result = engine::openMessage(job, profile, account, path, uid, maxBytes, password);
        },
        [this, result, seq, flags = target.flags](const std::optional<model::Error>& error) {
            if (seq != openSeq_) return;
            if (error) {
                if (error->kind() != model::ErrorKind::Cancelled)
                    messageView_->showOpenFailed(format::u8(error->what()),
                                                 error->kind() == model::ErrorKind::Auth);
                return;
            }
            if (messageView_->messageId() != result->summary.id) return;
            messageView_->showOpened(*result);
            // markReadOnOpen changed the flags: the list shows it.
            if (result->summary.flags != flags) afterMessageChange();
        });
    if (!id) messageView_->showOpenFailed(_("working offline"));
}

void MainFrame::reopenSelected(std::uint32_t maxBytes) {
    const auto targets = selectedTargets();
    if (targets.size() == 1) openMessage(targets.front(), maxBytes, true);
}

void MainFrame::afterMessageChange() {
    try {
        if (messageList_->showingResults()) {
            searchBar_->refresh();
        } else {
            messageList_->refresh();
        }
        folderTree_->reload();
    } catch (const std::exception& e) {
        reportError(_("Cannot read the message list from the local index"), e);
    }
    updateStatus();
}

void MainFrame::markSelected(engine::MessageMark mark) {
    for (const auto& target : selectedTargets()) {
        const bool pop3 = target.account.protocol == model::Protocol::Pop3;
        const std::string path = target.folderPath;
        const std::uint32_t uid = target.uid;
        auto queued = std::make_shared<bool>(false);
        submitMessageJob(
            // POP3 flags live only in the index: nothing to log in for, so nothing to ask.
            target, "sync", _("Changing message flags"), _("Changing the message's flags failed"), !pop3, !pop3,
            [path, uid, mark, queued](engine::JobContext& job, const engine::Profile& profile,
                                      const model::AccountConfig& account, const std::optional<std::string>& password) {
                *queued = engine::setFlags(job, profile, account, path, uid, mark, password).queued;
            },
            [this, queued](const std::optional<model::Error>& error) {
                if (error) return;
                afterMessageChange();
                if (*queued) SetStatusText(_("Will be sent when online"), 0);
            });
    }
}

void MainFrame::toggleReadSelected() {
    const auto targets = selectedTargets();
    if (targets.empty()) return;
    // Like Thunderbird: the first selected message decides.
    markSelected(targets.front().flags & model::FlagSeen ? engine::MessageMark::Unread : engine::MessageMark::Read);
}

void MainFrame::toggleFlagSelected() {
    const auto targets = selectedTargets();
    if (targets.empty()) return;
    markSelected(targets.front().flags & model::FlagFlagged ? engine::MessageMark::Unflag : engine::MessageMark::Flag);
}

void MainFrame::deleteSelected() {
    for (const auto& target : selectedTargets()) {
        const bool pop3 = target.account.protocol == model::Protocol::Pop3;
        const std::string path = target.folderPath;
        const std::uint32_t uid = target.uid;
        const std::int64_t messageId = target.messageId;
        auto queued = std::make_shared<bool>(false);
        submitMessageJob(
            target, pop3 ? "delete" : "sync", _("Deleting message"), _("Deleting the message failed"),
            !pop3 || target.account.deleteOnLocalDelete, true,
            [path, uid, queued](engine::JobContext& job, const engine::Profile& profile,
                                const model::AccountConfig& account, const std::optional<std::string>& password) {
                *queued = engine::deleteMessage(job, profile, account, path, uid, password).queued;
            },
            [this, messageId, queued](const std::optional<model::Error>& error) {
                if (error) return;
                if (*queued) SetStatusText(_("Will be sent when online"), 0);
                if (messageView_->messageId() == messageId) {
                    openedId_ = 0;
                    messageView_->clear();
                }
                afterMessageChange();
            });
    }
}

wxString MainFrame::saveAttachmentTo(const model::PartInfo& part, const wxString& directory, const wxString& name) {
    const auto targets = selectedTargets();
    if (targets.size() != 1 || directory.empty()) return wxString();
    // Only the last component of what was typed, made safe: the file lands in `directory`.
    const std::string safe = engine::safeFileName(format::toUtf8(wxFileName(name).GetFullName()),
                                          part.fileName.empty() ? "attachment" : engine::safeFileName(part.fileName));
    wxFileName file(directory, format::u8(safe));
    const std::string output = format::toUtf8(file.GetFullPath());
    const std::string path = targets.front().folderPath;
    const std::uint32_t uid = targets.front().uid;
    const std::string section = part.section;
    const bool pop3 = targets.front().account.protocol == model::Protocol::Pop3;
    const auto id = submitMessageJob(
        targets.front(), "attachment", _("Saving attachment"), _("Saving the attachment failed"), !pop3, true,
        [path, uid, section, output](engine::JobContext& job, const engine::Profile& profile,
                                     const model::AccountConfig& account, const std::optional<std::string>& password) {
            engine::saveAttachment(job, profile, account, path, uid, section, output, password);
        },
        [this, file](const std::optional<model::Error>& error) {
            if (!error) SetStatusText(wxString::Format(_("Saved %s"), file.GetFullPath()), 0);
        });
    return id ? file.GetFullPath() : wxString();
}

void MainFrame::searchLocal(const wxString& text) {
    if (text.Strip(wxString::both).empty()) openedId_ = 0;
    searchBar_->searchLocal(text);
    updateStatus();
}

void MainFrame::onListKey(wxListEvent& event) {
    switch (event.GetKeyCode()) {
        case 'M':
        case 'm':
            toggleReadSelected();
            return;
        case 'S':
        case 's':
            toggleFlagSelected();
            return;
        case WXK_DELETE:
        case WXK_NUMPAD_DELETE:
#ifdef __WXOSX__
        case WXK_BACK:
#endif
            deleteSelected();
            return;
        default:
            event.Skip();
    }
}

void MainFrame::onListMenu(wxListEvent& event) {
    wxMenu menu;
    menu.Append(ComposeActions::replyId(), _("&Reply"));
    menu.Append(ComposeActions::replyAllId(), _("Reply to &All"));
    menu.Append(ComposeActions::forwardId(), _("F&orward"));
    menu.Append(ComposeActions::forwardAsAttachmentId(), _("Forward as Attachmen&t"));
    menu.AppendSeparator();
    menu.Append(IdMarkRead, _("Mark as &Read"));
    menu.Append(IdMarkUnread, _("Mark as &Unread"));
    menu.Append(IdToggleFlag, _("&Flag / Unflag"));
    menu.AppendSeparator();
    menu.Append(IdMoveTo, _("&Move To..."));
    menu.Append(IdCopyTo, _("&Copy To..."));
    menu.Append(wxID_SAVEAS, _("&Save As..."));
    menu.AppendSeparator();
    menu.Append(IdDeleteMessage, _("&Delete"));
    PopupMenu(&menu, ScreenToClient(messageList_->ClientToScreen(event.GetPoint())));
}

void MainFrame::onColumnClick(wxListEvent& event) {
    event.Skip();
    syncSortMenu();
}

void MainFrame::onSortMenu(wxCommandEvent& event) {
    store::SortKey key = messageList_->sortKey();
    bool descending = messageList_->sortDescending();
    switch (event.GetId()) {
        case IdSortDate:
            key = store::SortKey::Date;
            break;
        case IdSortFrom:
            key = store::SortKey::From;
            break;
        case IdSortSubject:
            key = store::SortKey::Subject;
            break;
        case IdSortSize:
            key = store::SortKey::Size;
            break;
        case IdSortDescending:
            descending = event.IsChecked();
            break;
        default:
            return;
    }
    try {
        messageList_->setSort(key, descending);
    } catch (const std::exception& e) {
        reportError(_("Cannot sort the message list"), e);
    }
    syncSortMenu();
}

void MainFrame::updateStatus() {
    wxString text;
    if (const auto folder = folderTree_->selectedFolder(); folder && messageList_->folderId()) {
        const unsigned shown = messageList_->rowCount();
        if (messageList_->unreadOnly())
            text = wxString::Format(wxPLURAL("%u unread message", "%u unread messages", shown), shown);
        else
            text = wxString::Format(wxPLURAL("%u message, %u unread", "%u messages, %u unread", shown), shown,
                                    static_cast<unsigned>(folder->unread));
    } else if (const auto folderNode = folderTree_->selectedFolder(); folderNode && !folderNode->selectable) {
        text = _("This folder holds only other folders");
    } else if (folderTree_->allInboxesSelected() && messageList_->folderId()) {
        const unsigned shown = messageList_->rowCount();
        if (messageList_->unreadOnly())
            text = wxString::Format(wxPLURAL("%u unread message", "%u unread messages", shown), shown);
        else
            text = wxString::Format(wxPLURAL("%u message, %u unread", "%u messages, %u unread", shown), shown,
                                    static_cast<unsigned>(folderTree_->allInboxesUnread()));
    }
    SetStatusText(text, 1);
}

void MainFrame::updateTitle() {
    wxString title = "Petrel";
    if (const auto folder = folderTree_->selectedFolder()) {
        const auto account = folderTree_->selectedAccount();
        title = format::folderName(*folder) +
                (account ? wxString::FromUTF8(" \xe2\x80\x94 ") + format::u8(account->name) : wxString()) +
                wxString::FromUTF8(" \xe2\x80\x94 ") + title;
    } else if (const auto account = folderTree_->selectedAccount()) {
        title = format::u8(account->name) + wxString::FromUTF8(" \xe2\x80\x94 ") + title;
    } else if (folderTree_->allInboxesSelected()) {
        title = _("All Inboxes") + wxString::FromUTF8(" \xe2\x80\x94 ") + title;
    }
    SetTitle(title);
}

void MainFrame::onAbout(wxCommandEvent&) {
    wxAboutDialogInfo info;
    info.SetName("Petrel");
    info.SetVersion(PETREL_VERSION);
    info.SetDescription(_("A desktop mail client for many accounts and slow or metered links.") + "\n\n" +
                        wxString::Format(_("Profile: %s"), profileDir_));
    info.SetIcon(wxArtProvider::GetBitmapBundle(art::App, wxART_OTHER, wxSize(64, 64))
                     .GetIcon(FromDIP(wxSize(64, 64))));
    wxAboutBox(info, this);
}

void MainFrame::saveState() {
    settings_.saveGeometry(*this, "MainFrame");
    if (folderSplitter_->IsSplit())
        settings_.setSashPosition(kFolderSash, folderSplitter_->GetSashPosition());
    if (messageSplitter_->IsSplit())
        settings_.setSashPosition(kMessageSash, messageSplitter_->GetSashPosition());
    messageList_->saveState();
    settings_.flush();
}

std::optional<model::AccountConfig> MainFrame::findAccount(std::int64_t accountId) {
    try {
        return store::AccountRepository(*index_).findById(accountId);
    } catch (const std::exception& e) {
        reportError(_("Cannot read the account from the local index"), e);
    }
    return std::nullopt;
}

std::size_t MainFrame::checkMail(std::optional<std::int64_t> accountId) {
    if (host_->offline()) {
        SetStatusText(_("Working offline: turn off View > Work Offline to check mail."), 0);
        return 0;
    }
    std::vector<model::AccountConfig> accounts;
    try {
        accounts = store::AccountRepository(*index_).list();
    } catch (const std::exception& e) {
        reportError(_("Cannot read the accounts from the local index"), e);
        return 0;
    }
    std::size_t submitted = 0;
    for (const auto& account : accounts) {
        if (accountId && account.id != *accountId) continue;
        if (checking_.count(account.id)) continue;  // one check per account at a time
        const wxString name = format::u8(account.name);
        JobRequest request;
        request.accountId = account.id;
        request.lane = engine::Lane::Background;
        request.name = "sync";
        request.label = wxString::Format(_("Checking mail: %s"), name);
        request.doneLabel = wxString::Format(_("Checked mail: %s"), name);
        request.failureTitle = wxString::Format(_("Checking mail for %s failed"), name);
        // The account is read again on the worker: a pin or password trusted meanwhile counts.
        request.run = [sync = host_->syncAccount(), profile = host_->profile(),
                       id = account.id](engine::JobContext& context) {
            const auto current = store::AccountRepository(engine::workerDatabase(context, profile)).findById(id);
            if (!current) throw model::Error(model::ErrorKind::NotFound, "The account no longer exists");
            sync(context, profile, *current);
        };
        // Offline changes the replay could not apply fail in the queue during the sync: the new
        // ones are this sync's conflicts.
        request.onFinished = [this, id = account.id, name, before = failedOperations(account.id)](
                                 const std::optional<model::Error>&) {
            checking_.erase(id);
            notifier_->afterCheck(id);
            reloadFromIndex();
            showNewConflicts(id, name, before);
        };
        if (scheduler_) scheduler_->checked(account.id);
        // Before the job can add anything: what is new is counted from here.
        notifier_->beforeCheck(account.id);
        if (const auto jobId = tracker_->submit(std::move(request))) {
            checking_[account.id] = *jobId;
            ++submitted;
        }
    }
    return submitted;
}

void MainFrame::refreshSessionBytes() {
    std::uint64_t bytes = host_->unaccountedBytes();
    try {
        store::ByteCounters counters(*index_);
        for (const auto& account : store::AccountRepository(*index_).list()) {
            const auto total = counters.total(account.id);
            const std::uint64_t now = total.sent + total.received;
            // An account added in this session starts at zero.
            const std::uint64_t base = byteBaseline_.try_emplace(account.id, 0).first->second;
            if (now > base) bytes += now - base;
        }
    } catch (const std::exception&) {
        // Keep the last figure; reading errors are reported where the index is shown.
    }
    status_->setSessionBytes(std::max(bytes, status_->sessionBytes()));
}

bool MainFrame::workOffline() const { return host_->offline(); }

void MainFrame::setWorkOffline(bool offline) {
    host_->setOffline(offline);
    OfflineSetting::save(offline);
    status_->setOnline(!offline);
    GetMenuBar()->Check(IdWorkOffline, offline);
    if (offline) tracker_->cancelNetworkJobs();
    SetStatusText(offline ? _("Working offline: nothing is sent or received until you go online again.")
                          : _("Online."),
                  0);
}

void MainFrame::offerAccountWizard() {
    if (!folderTree_->hasAccounts()) addAccount();
}

void MainFrame::addAccount() {
    WxUiPoster::postModal(this, [this] {
        if (accountDialogOpen_) return;
        accountDialogOpen_ = true;
        std::optional<model::AccountConfig> added;
        {
            AccountWizard wizard(this, *host_, index_);
            added = wizard.run();
        }
        accountDialogOpen_ = false;
        if (!added) return;
        reloadFromIndex();
        if (const wxTreeItemId item = folderTree_->findAccount(added->id); item.IsOk()) folderTree_->SelectItem(item);
        SetStatusText(wxString::Format(_("Account %s added."), format::u8(added->name)), 0);
        refreshSessionBytes();
        if (!host_->offline()) checkMail(added->id);
    });
}

void MainFrame::showAccountSettings(std::int64_t accountId) {
    WxUiPoster::postModal(this, [this, accountId] {
        if (accountDialogOpen_) return;
        const auto account = findAccount(accountId);
        if (!account) return;
        accountDialogOpen_ = true;
        std::optional<model::AccountConfig> saved;
        {
            AccountSettingsDialog dialog(this, *host_, index_, *account);
            if (dialog.ShowModal() == wxID_OK) saved = dialog.saved();
        }
        accountDialogOpen_ = false;
        if (!saved) return;
        // Its workers may hold a connection made with the old settings: start them afresh.
        host_->jobs().stopAccount(accountId);
        checking_.erase(accountId);
        reloadFromIndex();
        scheduler_->reschedule();  // a changed check interval counts at once
        SetStatusText(wxString::Format(_("Settings of %s saved."), format::u8(saved->name)), 0);
    });
}

void MainFrame::removeAccount(std::int64_t accountId) {
    WxUiPoster::postModal(this, [this, accountId] {
        if (accountDialogOpen_) return;
        const auto account = findAccount(accountId);
        if (!account) return;
        const wxString name = format::u8(account->name);
        // The generic dialog: a real wx dialog on every platform (the GUI tests answer it).
        wxGenericMessageDialog ask(
            this,
            wxString::Format(_("Remove the account %s?\n\nIts folders and messages are deleted from this computer (not from\n"
                               "the server), and its password from the keyring."),
                             name),
            _("Remove Account"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetName("ConfirmRemoveAccount");
        ask.SetYesNoLabels(_("&Remove"), _("&Keep"));
        if (ask.ShowModal() != wxID_YES) return;

        host_->jobs().stopAccount(accountId);
        checking_.erase(accountId);
        JobRequest request;
        request.accountId = 0;  // the account's own workers are gone
        request.lane = engine::Lane::Interactive;
        request.name = "remove-account";
        request.network = false;
        request.label = wxString::Format(_("Removing %s"), name);
        request.doneLabel = wxString::Format(_("Account %s removed."), name);
        request.failureTitle = wxString::Format(_("Removing %s failed"), name);
        request.run = [account = *account, profile = host_->profile(),
                       secrets = host_->secrets()](engine::JobContext& context) {
            AccountJobs::remove(context, profile, *secrets, account);
        };
        request.onFinished = [this](const std::optional<model::Error>&) { reloadFromIndex(); };
        tracker_->submit(std::move(request));
    });
}

void MainFrame::onTreeMenu(wxTreeEvent& event) {
    const wxTreeItemId item = event.GetItem();
    if (!item.IsOk()) return;
    folderTree_->SelectItem(item);
    const auto entry = folderTree_->entryAt(item);
    if (!entry) return;
    wxMenu menu;
    if (entry->kind == FolderTree::Kind::Account) {
        menu.Append(IdCheckAccount, _("&Check Mail"));
        menu.Enable(IdCheckAccount, !workOffline());
        menu.AppendSeparator();
        menu.Append(IdNewFolder, _("&New Folder..."));
        menu.AppendSeparator();
        menu.Append(IdAccountSettings, _("&Settings..."));
        menu.Append(IdRemoveAccount, _("&Remove..."));
    } else if (entry->kind == FolderTree::Kind::Pop3Server) {
        return;
    } else if (entry->kind == FolderTree::Kind::AllInboxes) {
        // No folder action applies to the merged view; checking mail covers every inbox.
        menu.Append(IdCheckMail, _("&Check Mail"));
        menu.Enable(IdCheckMail, !workOffline());
    } else {
        menu.Append(IdNewFolder, _("&New Folder..."));
        menu.Append(IdRenameFolder, _("&Rename..."));
        menu.Append(IdDeleteFolder, _("&Delete..."));
        menu.AppendSeparator();
        menu.AppendCheckItem(IdSubscribeFolder, _("&Subscribed"));
        menu.Append(IdRefreshFolder, _("Re&fresh"));
        // Context menus get no update-UI pass of the frame's menu bar: set the state here.
        menu.Enable(IdNewFolder, folderActions_->canCreate());
        menu.Enable(IdRenameFolder, folderActions_->canRename());
        menu.Enable(IdDeleteFolder, folderActions_->canDelete());
        menu.Enable(IdSubscribeFolder, folderActions_->canSubscribe());
        menu.Check(IdSubscribeFolder, folderActions_->isSubscribed());
        menu.Enable(IdRefreshFolder, !workOffline());
    }
    PopupMenu(&menu);
}

void MainFrame::onTreeKey(wxTreeEvent& event) {
    switch (event.GetKeyCode()) {
        case WXK_DELETE:
        case WXK_NUMPAD_DELETE:
            folderActions_->deleteFolder();
            return;
        default:
            event.Skip();
    }
}

std::optional<MessageDragData::Payload> MainFrame::selectedDragPayload() {
    const auto targets = selectedTargets();
    if (targets.empty()) return std::nullopt;
    MessageDragData::Payload payload{targets.front().account.id, {}};
    for (const auto& target : targets) {
        // A search across accounts or All Inboxes: messages only move within their account.
        if (target.account.id != payload.accountId) return std::nullopt;
        payload.messageIds.push_back(target.messageId);
    }
    return payload;
}

void MainFrame::onBeginDrag(wxListEvent&) {
    const auto payload = selectedDragPayload();
    if (!payload) return;
    MessageDragData data(payload->accountId, payload->messageIds);
    wxDropSource source(data, messageList_);
    source.DoDragDrop(wxDrag_AllowMove);
}

wxDragResult MainFrame::dropMessages(const std::int64_t accountId, const std::vector<std::int64_t>& messageIds,
                                     const model::FolderInfo& folder, bool copy) {
    if (folder.accountId != accountId) {
        const auto from = findAccount(accountId);
        const auto to = findAccount(folder.accountId);
        SetStatusText(wxString::Format(_("Messages can only be moved or copied within their account: %s is not %s."),
                                       to ? format::u8(to->name) : wxString(),
                                       from ? format::u8(from->name) : wxString()),
                      0);
        return wxDragNone;
    }
    std::vector<MessageTarget> targets;
    try {
        for (const auto id : messageIds) {
            const auto summary = messages_->findById(id);
            if (!summary) continue;
            if (auto target = targetFor(*summary)) targets.push_back(std::move(*target));
        }
    } catch (const std::exception& e) {
        reportError(_("Cannot read the dragged messages from the local index"), e);
        return wxDragNone;
    }
    const bool already = std::any_of(targets.begin(), targets.end(),
                                     [&](const MessageTarget& t) { return t.folderPath == folder.path; });
    if (targets.empty() || (!copy && already)) {
        if (already) SetStatusText(_("The messages are already in that folder."), 0);
        return wxDragNone;
    }
    const auto id = messageActions_->transfer(targets, folder.path, !copy, [this](const MessageActions::Outcome& r) {
        if (r.queued > 0) SetStatusText(_("Will be sent when online"), 0);
        afterMessageChange();
    });
    if (!id) return wxDragNone;
    return copy ? wxDragCopy : wxDragMove;
}

std::optional<std::uint64_t> MainFrame::transferSelected(const std::string& destination, bool copy) {
    const auto targets = selectedTargets();
    if (targets.empty()) return std::nullopt;
    for (const auto& t : targets) {
        if (t.account.id != targets.front().account.id) {
            SetStatusText(_("Messages can only be moved or copied within their account."), 0);
            return std::nullopt;
        }
    }
    return messageActions_->transfer(targets, destination, !copy, [this](const MessageActions::Outcome& r) {
        if (r.queued > 0) SetStatusText(_("Will be sent when online"), 0);
        afterMessageChange();
    });
}

void MainFrame::moveSelected(bool copy) {
    const auto targets = selectedTargets();
    if (targets.empty()) return;
    const model::AccountConfig account = targets.front().account;
    const std::string from = targets.front().folderPath;
    WxUiPoster::postModal(this, [this, account, from, copy] {
        std::vector<model::FolderInfo> folders;
        try {
            folders = store::FolderRepository(*index_).list(account.id);
        } catch (const std::exception& e) {
            return reportError(_("Cannot read the folders from the local index"), e);
        }
        FolderChooserDialog dialog(this, copy ? _("Copy To") : _("Move To"), std::move(folders),
                                   copy ? std::string() : from);
        if (dialog.ShowModal() != wxID_OK) return;
        if (const auto chosen = dialog.chosen()) transferSelected(chosen->path, copy);
    });
}

void MainFrame::saveSelectedAsEml() {
    const auto targets = selectedTargets();
    if (targets.size() != 1) return;
    const auto summary = messageList_->summaryAt(messageList_->GetFirstSelected());
    const wxString suggested = format::u8(MessageActions::emlFileName(summary ? summary->subject : std::string()));
    WxUiPoster::postModal(this, [this, suggested] {
        const wxString path = chooseEmlPath ? chooseEmlPath(suggested) : wxString();
        if (!path.empty()) saveSelectedAsEml(path);
    });
}

std::optional<std::uint64_t> MainFrame::saveSelectedAsEml(const wxString& path) {
    const auto targets = selectedTargets();
    if (targets.size() != 1 || path.empty()) return std::nullopt;
    return messageActions_->saveEml(targets.front(), format::toUtf8(path), {});
}

std::vector<std::int64_t> MainFrame::failedOperations(std::int64_t accountId) {
    std::vector<std::int64_t> ids;
    try {
        for (const auto& op : store::OpQueue(*index_).list(accountId))
            if (op.state == store::OpState::Failed) ids.push_back(op.id);
    } catch (const std::exception&) {
        // An index that cannot be read shows elsewhere; no conflicts are reported then.
    }
    return ids;
}

void MainFrame::showNewConflicts(std::int64_t accountId, const wxString& accountName,
                                 const std::vector<std::int64_t>& before) {
    wxString conflicts;
    std::size_t count = 0;
    try {
        for (const auto& op : store::OpQueue(*index_).list(accountId)) {
            if (op.state != store::OpState::Failed || std::find(before.begin(), before.end(), op.id) != before.end())
                continue;
            ++count;
            conflicts += "\n" + format::u8(op.lastError);
        }
    } catch (const std::exception& e) {
        return reportError(_("Cannot read the offline changes from the local index"), e);
    }
    if (count == 0) return;
    errorBar_->showError(wxString::Format(wxPLURAL("%s: %zu offline change could not be applied:",
                                                   "%s: %zu offline changes could not be applied:", count),
                                          accountName, count) +
                         conflicts);
}

void MainFrame::refreshWaitingOperations() {
    std::uint32_t waiting = 0;
    try {
        store::OpQueue queue(*index_);
        for (const auto& account : store::AccountRepository(*index_).list()) waiting += queue.pendingCount(account.id);
    } catch (const std::exception&) {
        return;  // keep the last figure
    }
    status_->setWaitingOperations(waiting);
}

void MainFrame::onClose(wxCloseEvent& event) {
    saveState();
    event.Skip();  // the default handler destroys the frame
}

}  // namespace petrel::ui
