#pragma once
#include <wx/treectrl.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"

namespace petrel::store {
class Db;
}

namespace petrel::ui {

// The left pane: one node per account, its folders below as a hierarchy split on each folder's
// separator. Labels carry unread counts; special-use folders get their own icons. Reads the local
// index only, so it can run on the UI thread.
class FolderTree : public wxTreeCtrl {
public:
    // What a node stands for. Pop3Server: the "On server" node under a POP3 account (what the
    // server holds, browsed on demand). AllInboxes: the first node, every account's INBOX merged
    // (its list is store::kAllInboxesFolderId); it has neither an account nor a folder, so
    // selectedFolder()/selectedAccount() are empty for it and no folder action applies.
    enum class Kind { Account, Folder, Parent, Pop3Server, AllInboxes };
    struct Entry {
        Kind kind = Kind::Account;
        model::AccountConfig account;
        std::string path;  // empty for the account node
        std::optional<model::FolderInfo> folder;
    };

    FolderTree(wxWindow* parent, std::shared_ptr<store::Db> db, wxWindowID id = wxID_ANY);

    // Re-reads accounts and folders from the index, keeping the selection and which nodes are
    // collapsed. Throws model::Error from the index.
    void reload();

    // The selected folder, if the selection is a real folder (not an account, nor a parent
    // that exists only in the hierarchy).
    std::optional<model::FolderInfo> selectedFolder() const;
    // The account of the selected node, whatever kind of node it is.
    std::optional<model::AccountConfig> selectedAccount() const;

    // The node at `item` / the selected node.
    std::optional<Entry> entryAt(const wxTreeItemId& item) const;
    std::optional<Entry> selectedEntry() const { return entryAt(GetSelection()); }
    wxTreeItemId findPop3Server(std::int64_t accountId) const;

    bool hasAccounts() const;
    wxTreeItemId findAccount(std::int64_t accountId) const;
    wxTreeItemId findFolder(std::int64_t folderId) const;
    // A node by account and full folder path, including parents that exist only in the hierarchy.
    wxTreeItemId findPath(std::int64_t accountId, const std::string& path) const;
    // store::kAllInboxesFolderId selects the All Inboxes node.
    bool selectFolder(std::int64_t folderId);
    bool allInboxesSelected() const;
    // The summed unread count the All Inboxes node shows (0 without accounts).
    std::uint32_t allInboxesUnread() const { return allInboxesUnread_; }

    // The icon index a folder gets (position in the image list), by special use.
    static int iconFor(const model::FolderInfo& folder);

private:
    class Node;
    Node* nodeOf(const wxTreeItemId& item) const;
    wxTreeItemId findIf(const wxTreeItemId& from, const std::function<bool(const Node&)>& match) const;

    std::shared_ptr<store::Db> db_;
    std::uint32_t allInboxesUnread_ = 0;
};

}  // namespace petrel::ui
