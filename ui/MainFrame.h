#pragma once
#include <wx/dnd.h>
#include <wx/frame.h>
#include <wx/timer.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include <functional>
#include <string>
#include <vector>

#include "DropTargets.h"
#include "MessageActions.h"
#include "Settings.h"
#include "engine/JobContext.h"
#include "engine/MessageService.h"
#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/MessageSummary.h"
#include "model/PartInfo.h"

class wxSplitterWindow;
class wxTreeEvent;
class wxListEvent;
class wxSearchCtrl;
class wxPanel;

namespace petrel::store {
class Db;
class MessageIndex;
}  // namespace petrel::store

namespace petrel::ui {

class EngineHost;
class ErrorBar;
class FolderActions;
class FolderDropTarget;
class FolderTree;
class Pop3ServerView;
class JobStatusBar;
class JobTracker;
class MessageList;
class MessageView;
class CheckScheduler;
class NewMailNotifier;
class SearchBar;

// The main window: folders | message list over message view, with menus and a status bar.
// It reads only the local index (read-only connection, UI thread); anything that talks to a
// server goes through the engine as a job and comes back as events, never blocking here.
class MainFrame : public wxFrame {
public:
    // With the application's engine (PetrelApp).
    MainFrame(std::shared_ptr<store::Db> index, const wxString& profileDir, EngineHost& host);
    // With an engine of its own for the profile in `profileDir` (tests, tools).
    MainFrame(std::shared_ptr<store::Db> index, const wxString& profileDir);
    ~MainFrame() override;

    FolderTree* folderTree() const { return folderTree_; }
    MessageList* messageList() const { return messageList_; }
    MessageView* messageView() const { return messageView_; }
    wxSplitterWindow* folderSplitter() const { return folderSplitter_; }
    wxSplitterWindow* messageSplitter() const { return messageSplitter_; }
    JobStatusBar* jobStatusBar() const { return status_; }
    ErrorBar* errorBar() const { return errorBar_; }
    JobTracker& jobTracker() { return *tracker_; }
    EngineHost& engineHost() { return *host_; }

    // Re-reads folders and the current list from the index (View > Refresh).
    void reloadFromIndex();

    // Writes window geometry, sash positions and list state to Settings (also done on close).
    void saveState();

    // Mail > Check Mail: one sync job per account (or for one account), through the engine
    // host's sync hook. Returns how many were submitted (none while offline).
    std::size_t checkMail(std::optional<std::int64_t> accountId = std::nullopt);

    // File > Add Account: the wizard (opened from the event loop, see WxUiPoster::postModal).
    void addAccount();
    // On start: the wizard when the profile has no account yet.
    void offerAccountWizard();
    // The account context menu's Settings and Remove (Remove asks first).
    void showAccountSettings(std::int64_t accountId);
    void removeAccount(std::int64_t accountId);

    // View > Work Offline: no network job is submitted while set; stored in the settings.
    void setWorkOffline(bool offline);
    bool workOffline() const;

    // Sums the byte counters' growth since this window opened (plus unaccounted traffic).
    void refreshSessionBytes();

    // The search field over the list: local (FTS) results as you type, in place of the folder's
    // messages; Escape or an empty field goes back to the folder.
    wxSearchCtrl* searchField() const { return search_; }
    // The field with its scope switch and the server search on Enter (H6b).
    SearchBar* searchBar() const { return searchBar_; }
    NewMailNotifier& newMailNotifier() { return *notifier_; }
    // The periodic check at each account's interval (H6b).
    CheckScheduler& checkScheduler() { return *scheduler_; }
    void searchLocal(const wxString& text);

    // Message actions on the selected rows, each run as a job; the list is re-read once the
    // server has confirmed. Menu, context menu and keys (M: toggle read, S: toggle flag, Del).
    void markSelected(engine::MessageMark mark);
    void toggleReadSelected();
    void toggleFlagSelected();
    void deleteSelected();

    // Opens the selected message again with a cap of `maxBytes` ("Load the rest").
    void reopenSelected(std::uint32_t maxBytes);

    // Saves an attachment of the message in the view into `directory` under `name` made safe
    // (safeFileName): never outside `directory`. Returns the path written to, or empty when
    // nothing was submitted.
    wxString saveAttachmentTo(const model::PartInfo& part, const wxString& directory, const wxString& name);
    // Asks where to save (a wxFileDialog); tests replace it. Returns the chosen path, or empty.
    std::function<wxString(const wxString& suggestedName)> chooseSavePath;

    // Folder operations (tree context menu, Folder menu) and message transfers.
    FolderActions& folderActions() { return *folderActions_; }
    MessageActions& messageActions() { return *messageActions_; }
    // The list of a POP3 server, shown in place of the message list for an "On server" node.
    Pop3ServerView* pop3ServerView() const { return pop3View_; }
    FolderDropTarget* folderDropTarget() const { return dropTarget_; }

    // Message > Move To... / Copy To...: a folder chooser of the account, then one job.
    void moveSelected(bool copy);
    // Moves (or copies) the selected messages to `destination` of their account. Returns the
    // job id, nullopt when nothing was submitted.
    std::optional<std::uint64_t> transferSelected(const std::string& destination, bool copy);
    // What dragging the selected rows carries: each message's own account (also from All Inboxes
    // or a search), nullopt when the rows belong to different accounts.
    std::optional<MessageDragData::Payload> selectedDragPayload();
    // Messages dropped on a folder of the tree: only within their own account.
    wxDragResult dropMessages(const std::int64_t accountId, const std::vector<std::int64_t>& messageIds,
                              const model::FolderInfo& folder, bool copy);
    // Message > Save As: the whole message as .eml; the path from chooseEmlPath.
    void saveSelectedAsEml();
    std::optional<std::uint64_t> saveSelectedAsEml(const wxString& path);
    std::function<wxString(const wxString& suggestedName)> chooseEmlPath;

    // Re-reads how many changes wait for the next sync (status bar).
    void refreshWaitingOperations();

    // Menu ids tests and accelerators use.
    static int addAccountMenuId();
    static int checkMailMenuId();
    static int workOfflineMenuId();
    static int markReadMenuId();
    static int markUnreadMenuId();
    static int toggleFlagMenuId();
    static int deleteMessageMenuId();
    static int newFolderMenuId();
    static int renameFolderMenuId();
    static int deleteFolderMenuId();
    static int subscribeFolderMenuId();
    static int refreshFolderMenuId();
    static int moveToMenuId();
    static int copyToMenuId();

private:
    void createMenus();
    void createTreeMenu();
    void restoreGeometry();
    void showCurrentFolder();
    void updateView();
    void updateStatus();
    void updateTitle();
    void syncSortMenu();
    void reportError(const wxString& what, const std::exception& error);
    std::optional<model::AccountConfig> findAccount(std::int64_t accountId);

    // Where a listed message lives, for jobs.
    using MessageTarget = MessageRef;
    void onTreeKey(wxTreeEvent& event);
    void onBeginDrag(wxListEvent& event);
    // The failed offline operations of an account (conflicts), by queue id.
    std::vector<std::int64_t> failedOperations(std::int64_t accountId);
    // Failed offline operations not in `before`: shown in the error bar after a check.
    void showNewConflicts(std::int64_t accountId, const wxString& accountName, const std::vector<std::int64_t>& before);
    std::optional<MessageTarget> targetFor(const model::MessageSummary& summary);
    std::vector<MessageTarget> selectedTargets();
    using MessageWork = std::function<void(engine::JobContext&, const engine::Profile&, const model::AccountConfig&,
                                           const std::optional<std::string>& password)>;
    // Runs `work` for the target's account; with askUser, the user answers password and
    // certificate questions (a dialog), else the account's stored password and pins are used.
    std::optional<std::uint64_t> submitMessageJob(const MessageTarget& target, const std::string& name,
                                                  const wxString& label, const wxString& failureTitle, bool network,
                                                  bool askUser, MessageWork work,
                                                  std::function<void(const std::optional<model::Error>&)> done);
    // askUser: false for the preview that follows the selection (no dialog pops up while the user
    // moves through the list; a missing password shows in the pane and the error bar).
    void openMessage(const MessageTarget& target, std::uint32_t maxBytes, bool askUser);
    void afterMessageChange();
    void onListKey(wxListEvent& event);
    void onListMenu(wxListEvent& event);

    void onClose(wxCloseEvent& event);
    void onFolderSelected(wxTreeEvent& event);
    void onTreeMenu(wxTreeEvent& event);
    void onMessageSelection(wxListEvent& event);
    void onColumnClick(wxListEvent& event);
    void onSortMenu(wxCommandEvent& event);
    void onAbout(wxCommandEvent& event);

    std::shared_ptr<store::Db> index_;
    std::unique_ptr<store::MessageIndex> messages_;
    wxString profileDir_;
    std::unique_ptr<EngineHost> ownedHost_;
    EngineHost* host_ = nullptr;
    Settings settings_;
    ErrorBar* errorBar_ = nullptr;
    JobStatusBar* status_ = nullptr;
    std::unique_ptr<JobTracker> tracker_;
    wxSplitterWindow* folderSplitter_ = nullptr;
    wxSplitterWindow* messageSplitter_ = nullptr;
    FolderTree* folderTree_ = nullptr;
    MessageList* messageList_ = nullptr;
    MessageView* messageView_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    wxPanel* listPane_ = nullptr;
    Pop3ServerView* pop3View_ = nullptr;
    FolderDropTarget* dropTarget_ = nullptr;  // owned by the tree
    std::unique_ptr<FolderActions> folderActions_;
    std::unique_ptr<MessageActions> messageActions_;
    SearchBar* searchBar_ = nullptr;
    std::unique_ptr<NewMailNotifier> notifier_;
    // The latest open: an older job's result is dropped.
    std::uint64_t openSeq_ = 0;
    // The message the view shows as opened (a re-read of the list does not open it again).
    std::int64_t openedId_ = 0;
    // Selection events come in bursts (deselect all, select one); the view updates once after.
    bool viewUpdatePending_ = false;
    bool accountDialogOpen_ = false;
    // Byte counters per account when this window opened: the status bar shows the growth.
    std::map<std::int64_t, std::uint64_t> byteBaseline_;
    // Running check per account (no second one while one runs), last check for the interval.
    std::map<std::int64_t, std::uint64_t> checking_;
    std::unique_ptr<CheckScheduler> scheduler_;
};

}  // namespace petrel::ui
