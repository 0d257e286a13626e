#include "SearchBar.h"

#include <wx/choice.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>

#include <algorithm>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "FolderTree.h"
#include "JobTracker.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "MessageView.h"
#include "Settings.h"
#include "engine/SearchService.h"
#include "engine/UserDecisions.h"
#include "engine/WorkerDatabase.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/MessageIndex.h"
#include "sync/ImapSearchQuery.h"

namespace petrel::ui {

namespace {

// Local hits per search: the list shows a page of results, not the whole index.
constexpr std::size_t kLocalLimit = 1000;

}  // namespace

SearchBar::SearchBar(wxWindow* parent, MainFrame& frame, std::shared_ptr<store::Db> index)
    : wxPanel(parent, wxID_ANY), frame_(frame), index_(std::move(index)) {
    SetName("SearchBar");
    field_ =
        new wxSearchCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    field_->SetName("SearchField");
    field_->ShowCancelButton(true);
    field_->SetDescriptiveText(_("Search messages (Enter: also on the server)"));
    scope_ = new wxChoice(this, wxID_ANY);
    scope_->SetName("SearchScope");
    scope_->Append(_("This folder"));
    scope_->Append(_("This account"));
    scope_->Append(_("All accounts"));
    scope_->SetSelection(Settings().searchScope());
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    sizer->Add(field_, wxSizerFlags(1).Expand());
    sizer->Add(scope_, wxSizerFlags().CentreVertical().Border(wxLEFT, FromDIP(4)));
    SetSizer(sizer);

    field_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { searchLocal(field_->GetValue()); });
    // wxSearchCtrl reports Enter as wxEVT_SEARCH; a plain text entry as wxEVT_TEXT_ENTER.
    field_->Bind(wxEVT_SEARCH, [this](wxCommandEvent&) { searchServer(); });
    field_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { searchServer(); });
    field_->Bind(wxEVT_SEARCH_CANCEL, [this](wxCommandEvent&) { field_->Clear(); });
    field_->Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_ESCAPE && !field_->IsEmpty()) {
            field_->Clear();
            return;
        }
        event.Skip();
    });
    scope_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) {
        Settings().setSearchScope(scope_->GetSelection());
        const bool hadServer = !serverIds_.empty() || running_ > 0;
        // Hits and running searches of the old scope no longer apply.
        ++generation_;
        serverIds_.clear();
        running_ = 0;
        searchLocal(field_->GetValue());
        if (hadServer) searchServer();
    });
}

SearchScopeKind SearchBar::scopeKind() const {
    switch (scope_->GetSelection()) {
        case 1:
            return SearchScopeKind::Account;
        case 2:
            return SearchScopeKind::AllAccounts;
        default:
            return SearchScopeKind::Folder;
    }
}

void SearchBar::setScopeKind(SearchScopeKind kind) {
    scope_->SetSelection(kind == SearchScopeKind::Folder ? 0 : kind == SearchScopeKind::Account ? 1 : 2);
    wxCommandEvent event(wxEVT_CHOICE, scope_->GetId());
    event.SetEventObject(scope_);
    event.SetInt(scope_->GetSelection());
    scope_->ProcessWindowEvent(event);
}

SearchScope SearchBar::currentScope() const {
    return SearchScope::resolve(scopeKind(), frame_.folderTree()->selectedFolder(),
                                frame_.folderTree()->selectedAccount());
}

void SearchBar::clear() {
    ++generation_;
    text_.clear();
    local_.clear();
    serverIds_.clear();
    running_ = 0;
    MessageList* list = frame_.messageList();
    if (list && list->showingResults()) {
        list->clearResults();
        frame_.messageView()->clear();
    }
}

void SearchBar::searchLocal(const wxString& text) {
    const std::string query = format::toUtf8(wxString(text).Strip(wxString::both));
    if (query.empty()) return clear();
    if (query != text_) {
        // Another text: server hits of the old one no longer apply, nor its running jobs.
        ++generation_;
        serverIds_.clear();
        running_ = 0;
        serverErrors_ = 0;
        text_ = query;
    }
    try {
        const auto parsed = sync::parseSearchQuery(query);
        const SearchScope scope = currentScope();
        local_.clear();
        for (auto& hit : engine::searchLocal(*index_, parsed, scope.accountId, scope.folderId, kLocalLimit))
            local_.push_back(std::move(hit.message));
        show();
    } catch (const std::exception& e) {
        // Half-typed queries may not parse: the list keeps what it showed.
        frame_.SetStatusText(wxString::Format(_("Search: %s"), format::u8(e.what())), 0);
    }
}

void SearchBar::refresh() {
    if (text_.empty()) return;
    const auto keep = serverIds_;
    searchLocal(format::u8(text_));
    serverIds_ = keep;
    show();
}

void SearchBar::show() {
    std::vector<model::MessageSummary> rows = local_;
    std::set<std::int64_t> shown;
    for (const auto& row : rows) shown.insert(row.id);
    std::set<std::int64_t> serverOnly;
    std::vector<model::MessageSummary> extra;
    store::MessageIndex index(*index_);
    for (std::int64_t id : serverIds_) {
        if (shown.count(id)) continue;
        try {
            // Read again: flags may have changed since the server search.
            if (auto summary = index.findById(id)) {
                serverOnly.insert(id);
                extra.push_back(std::move(*summary));
            }
        } catch (const std::exception&) {
            // A row the index cannot give back is left out; the local hits still show.
        }
    }
    std::sort(extra.begin(), extra.end(), [](const model::MessageSummary& a, const model::MessageSummary& b) {
        return (a.date ? a.date : a.internalDate) > (b.date ? b.date : b.internalDate);
    });
    for (auto& row : extra) rows.push_back(std::move(row));
    const std::size_t total = rows.size();
    frame_.messageList()->showResults(std::move(rows), std::move(serverOnly));
    wxString status = wxString::Format(wxPLURAL("%zu message found", "%zu messages found", total), total);
    if (frame_.messageList()->serverHitCount())
        status += wxString::Format(_(" (%zu only on the server)"), frame_.messageList()->serverHitCount());
    if (running_) status += _(", searching the server...");
    if (serverErrors_) status += _(", the server search failed for some accounts");
    frame_.SetStatusText(status, 0);
}

std::size_t SearchBar::searchServer() {
    const wxString text = field_->GetValue();
    searchLocal(text);
    if (text_.empty() || running_ > 0) return 0;
    sync::ImapSearchQuery parsed;
    try {
        parsed = sync::parseSearchQuery(text_);
    } catch (const std::exception&) {
        return 0;  // searchLocal said why
    }
    const SearchScope scope = currentScope();
    std::vector<model::AccountConfig> accounts;
    try {
        accounts = store::AccountRepository(*index_).list();
    } catch (const std::exception& e) {
        frame_.SetStatusText(wxString::Format(_("Search: %s"), format::u8(e.what())), 0);
        return 0;
    }
    const std::uint64_t generation = ++generation_;
    serverErrors_ = 0;
    std::size_t submitted = 0;
    EngineHost& host = frame_.engineHost();
    for (const auto& account : accounts) {
        if (account.protocol != model::Protocol::Imap || !scope.includes(account)) continue;
        const wxString name = format::u8(account.name);
        auto result = std::make_shared<engine::ServerSearchResult>();
        JobRequest request;
        request.accountId = account.id;
        request.lane = engine::Lane::Interactive;
        request.name = "search";
        request.label = wxString::Format(_("Searching %s"), name);
        request.doneLabel = wxString::Format(_("Searched %s"), name);
        request.failureTitle = wxString::Format(_("Searching %s on the server failed"), name);
        // Enter is an explicit request: a missing password or an unknown certificate is asked.
        request.run = [result, parsed, only = scope.folderPath, account, profile = host.profile(),
                       secrets = host.secrets()](engine::JobContext& job) {
            engine::withUserDecisions(
                job, profile, account, *secrets,
                [&](const model::AccountConfig& amended, const std::optional<std::string>& password) {
                    *result = engine::searchServer(job, profile, amended, parsed, only, true, password);
                });
        };
        request.onFinished = [this, result, generation](const std::optional<model::Error>& error) {
            if (generation != generation_) return;
            if (running_) --running_;
            if (error) {
                if (error->kind() != model::ErrorKind::Cancelled) ++serverErrors_;
            } else {
                for (const auto& hit : result->hits)
                    if (hit.message) serverIds_.insert(hit.message->id);
            }
            if (!text_.empty()) show();
        };
        if (frame_.jobTracker().submit(std::move(request))) {
            ++running_;
            ++submitted;
        }
    }
    if (submitted)
        show();
    else
        frame_.SetStatusText(_("No IMAP account to search on the server in this scope (or working offline)."),
                             0);
    return submitted;
}

}  // namespace petrel::ui
