#pragma once
#include <wx/frame.h>
#include <wx/timer.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "Settings.h"
#include "model/AccountConfig.h"

class wxSplitterWindow;
class wxTreeEvent;
class wxListEvent;

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

    // Menu ids tests and accelerators use.
    static int addAccountMenuId();
    static int checkMailMenuId();
    static int workOfflineMenuId();

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
