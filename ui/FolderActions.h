#pragma once
#include <wx/string.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "FolderTree.h"
#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"

class wxWindow;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class EngineHost;
class JobTracker;

// The folder tree's operations (context menu and the Folder menu): New (nested under the
// selection), Rename (children follow), Delete (asks, naming the folder, its message count and
// its subfolders), Subscribe/Unsubscribe, Refresh. Each server change is an engine job
// (engine/FolderService) on the account's worker; the tree is re-read from the index once the
// job has finished, i.e. after the server confirmed. INBOX is neither renamed nor deleted.
class FolderActions {
public:
    FolderActions(wxWindow& parent, EngineHost& host, JobTracker& tracker, FolderTree& tree,
                  std::shared_ptr<store::Db> index);

    // Re-reads the panes from the index (the frame's reloadFromIndex).
    std::function<void()> reload;
    // Refresh: the account's check (folder list included).
    std::function<void(std::int64_t accountId)> refreshAccount;
    // A sentence for the status bar.
    std::function<void(const wxString&)> status;

    // What the menus enable, for the selected node.
    bool canCreate() const;
    bool canRename() const;
    bool canDelete() const;
    bool canSubscribe() const;
    bool isSubscribed() const;
    bool canRefresh() const;

    // With dialogs, for the selected node.
    void newFolder();
    void renameFolder();
    void deleteFolder();
    void toggleSubscribed();
    void refresh();

    // The jobs themselves (also what the dialogs end in). Return the job id, or nullopt when
    // nothing was submitted (offline).
    std::optional<std::uint64_t> create(const model::AccountConfig& account, const std::string& path);
    std::optional<std::uint64_t> rename(const model::AccountConfig& account, const std::string& from,
                                        const std::string& to);
    std::optional<std::uint64_t> remove(const model::AccountConfig& account, const std::string& path, bool recursive);
    std::optional<std::uint64_t> subscribe(const model::AccountConfig& account, const std::string& path, bool on);

    // The confirmation text of Delete for `path` (tests read what the user is told).
    wxString deleteQuestion(const model::AccountConfig& account, const std::string& path, bool* hasChildren) const;

    static bool isInbox(const std::string& path);

private:
    char separatorOf(const FolderTree::Entry& entry) const;
    std::optional<std::uint64_t> submit(const model::AccountConfig& account, const std::string& name,
                                        const wxString& label, const wxString& doneLabel, const wxString& failure,
                                        std::function<void(engine::JobContext&, const engine::Profile&,
                                                           const model::AccountConfig&,
                                                           const std::optional<std::string>&)>
                                            work,
                                        std::function<void()> done);
    // After a job that made the folder: shows it in the tree once the reload has it.
    std::function<void()> revealWhenDone(std::int64_t accountId, std::string path);

    wxWindow& parent_;
    EngineHost& host_;
    JobTracker& tracker_;
    FolderTree& tree_;
    std::shared_ptr<store::Db> index_;
};

}  // namespace petrel::ui
