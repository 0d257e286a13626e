#pragma once
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

namespace petrel::store {
class Db;
class MessageIndex;
}  // namespace petrel::store

namespace petrel::ui {

class EngineHost;
class ErrorBar;
class FolderTree;
class JobStatusBar;
class JobTracker;
class MessageList;
class MessageView;

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

    // Menu ids tests and accelerators use.
    static int addAccountMenuId();
    static int checkMailMenuId();
    static int workOfflineMenuId();
    static int markReadMenuId();
    static int markUnreadMenuId();
    static int toggleFlagMenuId();
    static int deleteMessageMenuId();

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
    void checkDueAccounts();

    // Where a listed message lives, for jobs.
    struct MessageTarget {
        model::AccountConfig account;
        std::string folderPath;
        std::uint32_t uid = 0;
        std::int64_t messageId = 0;
        model::Flags flags = 0;
    };
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
    std::map<std::int64_t, std::chrono::steady_clock::time_point> lastCheck_;
    wxTimer intervalTimer_;
};

}  // namespace petrel::ui
