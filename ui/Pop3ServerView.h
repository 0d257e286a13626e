#pragma once
#include <wx/panel.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "engine/MessageService.h"
#include "model/AccountConfig.h"
#include "sync/Pop3Sync.h"

class wxButton;
class wxListCtrl;
class wxStaticText;

namespace petrel::ui {

class EngineHost;
class JobTracker;

// The "On server" node of a POP3 account: what the server holds, headers only (TOP n 0, as
// `petrel-cli pop3 browse`), with Download (stores it in the Inbox once and opens it) and Delete
// on server (asks first). Everything runs as engine jobs through the "@server" pseudo-folder of
// engine::MessageService; the listing is read again after every change, since a deletion
// renumbers the server's messages.
class Pop3ServerView : public wxPanel {
public:
    Pop3ServerView(wxWindow* parent, EngineHost& host, JobTracker& tracker);

    // Shows `account` and browses its server (nothing while offline but a note).
    void showAccount(const model::AccountConfig& account);
    std::optional<std::int64_t> accountId() const;
    std::optional<std::uint64_t> browse();
    // The selected rows' messages.
    std::optional<std::uint64_t> downloadSelected();
    void deleteSelected();
    std::optional<std::uint64_t> deleteOnServer(std::vector<std::uint32_t> numbers);

    const std::vector<sync::Pop3BrowseEntry>& entries() const { return entries_; }
    wxListCtrl* list() const { return list_; }
    bool browsing() const { return browsing_; }

    // A message was downloaded and opened: the frame shows it and re-reads the index.
    std::function<void(const engine::OpenedMessage&)> onOpened;
    // The index changed (a download stored a message).
    std::function<void()> onChanged;

private:
    void fill();
    std::vector<std::uint32_t> selectedNumbers() const;

    EngineHost& host_;
    JobTracker& tracker_;
    std::optional<model::AccountConfig> account_;
    std::vector<sync::Pop3BrowseEntry> entries_;
    wxListCtrl* list_ = nullptr;
    wxStaticText* note_ = nullptr;
    wxButton* download_ = nullptr;
    wxButton* delete_ = nullptr;
    wxButton* refresh_ = nullptr;
    bool browsing_ = false;
    std::uint64_t generation_ = 0;  // a listing for an account no longer shown is dropped
};

}  // namespace petrel::ui
