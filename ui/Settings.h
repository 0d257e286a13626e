#pragma once
#include <wx/config.h>
#include <wx/gdicmn.h>
#include <wx/string.h>
#include <wx/toplevel.h>

#include <optional>

#include "store/PageQuery.h"

namespace petrel::ui {

// Typed access to the user's GUI preferences in wxConfigBase::Get() (DESIGN §3). UI thread only:
// wxConfig is not thread-safe. Account configuration is not here; it lives in the index.
class Settings {
public:
    // The config to use; nullptr means wxConfigBase::Get() at each call.
    explicit Settings(wxConfigBase* config = nullptr) : config_(config) {}

    // The application's config store, for wxConfigBase::Set: on Linux and other XDG desktops a
    // file at configFilePath() (its folder created), elsewhere the platform's own (registry,
    // preferences). Call after the app name is set.
    static wxConfigBase* createAppConfig();
    // $XDG_CONFIG_HOME/petrel/petrel.conf. wx 3.2's wxCONFIG_USE_SUBDIR would put the file under
    // GetUserDataDir(), which ignores the XDG layout and gives ~/.petrel. Empty off XDG desktops.
    static wxString configFilePath();

    // Position, size and maximized state of a top-level window, by name. wx's geometry
    // serializer keeps the normal size of a maximized window where the platform allows it, and
    // restoring ignores a position no display shows any more. Restore returns false if nothing
    // was saved.
    bool saveGeometry(const wxTopLevelWindow& window, const wxString& name);
    bool restoreGeometry(wxTopLevelWindow& window, const wxString& name);

    // Sash positions in pixels, by splitter name; nullopt when never saved.
    std::optional<int> sashPosition(const wxString& splitter) const;
    void setSashPosition(const wxString& splitter, int position);

    // Message list column widths, by column key ("from", "date").
    std::optional<int> columnWidth(const wxString& column) const;
    void setColumnWidth(const wxString& column, int width);

    store::SortKey sortKey() const;
    bool sortDescending() const;
    void setSort(store::SortKey key, bool descending);

    bool unreadOnly() const;
    void setUnreadOnly(bool on);

    // The search field's scope: 0 this folder, 1 this account, 2 all accounts (SearchBar).
    int searchScope() const;
    void setSearchScope(int scope);

    // The folder shown last, restored at start-up; 0 = none.
    std::int64_t lastFolderId() const;
    void setLastFolderId(std::int64_t folderId);

    void flush();

private:
    wxConfigBase* config() const;
    std::optional<long> readLong(const wxString& key) const;

    wxConfigBase* config_;
};

}  // namespace petrel::ui
