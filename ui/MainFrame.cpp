#include "MainFrame.h"

#include <wx/aboutdlg.h>
#include <wx/artprov.h>
#include <wx/log.h>
#include <wx/menu.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>

#include "DisplayFormat.h"
#include "FolderTree.h"
#include "MessageList.h"
#include "MessageView.h"
#include "PetrelArt.h"
#include "PetrelVersion.h"
#include "model/Error.h"
#include "store/Db.h"
#include "store/MessageIndex.h"

namespace petrel::ui {

namespace {

enum MenuId {
    IdSortDate = wxID_HIGHEST + 1,
    IdSortFrom,
    IdSortSubject,
    IdSortSize,
    IdSortDescending,
    IdUnreadOnly,
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
    : wxFrame(nullptr, wxID_ANY, "Petrel"),
      index_(std::move(index)),
      messages_(std::make_unique<store::MessageIndex>(*index_)),
      profileDir_(profileDir) {
    SetName("MainFrame");
    SetMinSize(FromDIP(wxSize(640, 420)));
    SetIcons(PetrelArt::appIcons());
    createMenus();
    CreateStatusBar(2);
    const int statusWidths[] = {-1, FromDIP(260)};
    SetStatusWidths(2, statusWidths);

    folderSplitter_ = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                           wxSP_LIVE_UPDATE | wxSP_NOBORDER);
    folderSplitter_->SetName("FolderSplitter");
    folderTree_ = new FolderTree(folderSplitter_, index_);
    messageSplitter_ = new wxSplitterWindow(folderSplitter_, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                                            wxSP_LIVE_UPDATE | wxSP_NOBORDER);
    messageSplitter_->SetName("MessageSplitter");
    messageList_ = new MessageList(messageSplitter_, index_);
    messageView_ = new MessageView(messageSplitter_);

    folderSplitter_->SetMinimumPaneSize(FromDIP(80));
    messageSplitter_->SetMinimumPaneSize(FromDIP(60));
    // Growing the window gives the room to the list (wider) and the reading pane (taller); the
    // folder pane and the list keep the size the user gave them. Gravity 0 also keeps a restored
    // sash where it was put while the frame grows from nothing to its first real size.
    folderSplitter_->SetSashGravity(0.0);
    messageSplitter_->SetSashGravity(0.0);
    // Until the first size event these are requests; the splitter applies them once it has a size.
    messageSplitter_->SplitHorizontally(messageList_, messageView_,
                                        settings_.sashPosition(kMessageSash).value_or(FromDIP(320)));
    folderSplitter_->SplitVertically(folderTree_, messageSplitter_,
                                     settings_.sashPosition(kFolderSash).value_or(FromDIP(300)));

    restoreGeometry();
    syncSortMenu();

    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::onClose, this);
    folderTree_->Bind(wxEVT_TREE_SEL_CHANGED, &MainFrame::onFolderSelected, this);
    messageList_->Bind(wxEVT_LIST_ITEM_SELECTED, &MainFrame::onMessageSelection, this);
    messageList_->Bind(wxEVT_LIST_ITEM_DESELECTED, &MainFrame::onMessageSelection, this);
    // Bound on the frame: the list sorts in its own handler first, then lets the event travel up.
    Bind(wxEVT_LIST_COL_CLICK, &MainFrame::onColumnClick, this);

    try {
        folderTree_->reload();
        if (const std::int64_t last = settings_.lastFolderId()) folderTree_->selectFolder(last);
    } catch (const std::exception& e) {
        reportError(_("Cannot read the folders from the local index"), e);
    }
    updateStatus();
    updateTitle();
    if (!folderTree_->hasAccounts()) {
        // Account set-up in the GUI comes later; the CLI can do it today (same profile).
        SetStatusText(_("No accounts in this profile yet. Add one with: petrel-cli account add NAME"), 0);
    }
}

MainFrame::~MainFrame() = default;

void MainFrame::createMenus() {
    auto* fileMenu = new wxMenu;
    // Stock ids: each platform gets its own label and shortcut (Ctrl+Q on GTK, Alt+F4 on
    // Windows, Cmd+Q in the application menu on macOS).
    fileMenu->Append(wxID_EXIT);

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
    viewMenu->Append(wxID_REFRESH, wxString(), _("Read folders and messages again from the local index"));

    auto* helpMenu = new wxMenu;
    helpMenu->Append(wxID_ABOUT);

    auto* menuBar = new wxMenuBar;
    menuBar->Append(fileMenu, _("&File"));
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
        wxLogError("%s (%s)", message, format::u8(typed->detail()));
    else
        wxLogError("%s", message);
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
    if (selected > 1) return messageView_->showSelectionCount(static_cast<std::size_t>(selected));
    const long row = selected == 1 ? messageList_->GetFirstSelected() : -1;
    const auto summary = row >= 0 ? messageList_->summaryAt(row) : std::nullopt;
    if (!summary) return messageView_->clear();
    std::optional<std::string> text;
    try {
        if (summary->cacheState & model::CachedText) text = messages_->cachedText(summary->id);
    } catch (const std::exception& e) {
        reportError(_("Cannot read the message text from the local index"), e);
    }
    messageView_->showMessage(*summary, text);
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

void MainFrame::onClose(wxCloseEvent& event) {
    saveState();
    event.Skip();  // the default handler destroys the frame
}

}  // namespace petrel::ui
