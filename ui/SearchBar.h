#pragma once
#include <wx/panel.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "SearchScope.h"
#include "model/MessageSummary.h"

class wxChoice;
class wxSearchCtrl;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class MainFrame;

// The search field over the message list with its scope switch (This folder / This account /
// All accounts). Typing shows the index's hits at once (engine::searchLocal); Enter adds the
// server's (engine::searchServer as one job per IMAP account of the scope; hits the index did not
// have get their headers stored and are listed in italics); Escape or the cancel button goes
// back to the folder. The syntax is petrel-cli's (sync/ImapSearchQuery.h). The scope is kept in
// Settings.
class SearchBar : public wxPanel {
public:
    SearchBar(wxWindow* parent, MainFrame& frame, std::shared_ptr<store::Db> index);

    wxSearchCtrl* field() const { return field_; }
    wxChoice* scopeChoice() const { return scope_; }
    SearchScopeKind scopeKind() const;
    void setScopeKind(SearchScopeKind kind);

    // Local results for `text` in the current scope (an empty text goes back to the folder).
    void searchLocal(const wxString& text);
    // Local results, then the server's for the same text; returns how many jobs were submitted.
    std::size_t searchServer();
    // After the index changed: the same search again, keeping the server hits found so far.
    void refresh();
    // Jobs of the last server search still running (tests).
    std::size_t serverSearchesRunning() const { return running_; }

private:
    SearchScope currentScope() const;
    void show();
    void clear();

    MainFrame& frame_;
    std::shared_ptr<store::Db> index_;
    wxSearchCtrl* field_ = nullptr;
    wxChoice* scope_ = nullptr;
    std::string text_;
    std::vector<model::MessageSummary> local_;
    // Message ids the server found beyond the local hits, for the current text and scope.
    std::set<std::int64_t> serverIds_;
    std::uint64_t generation_ = 0;
    std::size_t running_ = 0;
    std::size_t serverErrors_ = 0;
};

}  // namespace petrel::ui
