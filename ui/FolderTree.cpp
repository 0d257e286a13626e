#include "FolderTree.h"

#include <wx/artprov.h>
#include <wx/settings.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "DisplayFormat.h"
#include "PetrelArt.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PageQuery.h"

namespace petrel::ui {

namespace {

// Positions in the tree's image list, set up in the constructor in this order.
enum Icon {
    IconAccount,
    IconFolder,
    IconInbox,
    IconSent,
    IconDrafts,
    IconTrash,
    IconJunk,
    IconArchive,
    IconFlag,
    IconServer
};

// The key of the "On server" node; no local folder path starts with '@'.
const char* const kServerPath = "@server";

// Special folders first, in the order mail clients conventionally list them; then the rest.
int rank(const model::FolderInfo* folder) {
    if (!folder) return 100;
    switch (folder->specialUse) {
        case model::SpecialUse::Inbox:
            return 0;
        case model::SpecialUse::Drafts:
            return 1;
        case model::SpecialUse::Sent:
            return 2;
        case model::SpecialUse::Archive:
            return 3;
        case model::SpecialUse::All:
            return 4;
        case model::SpecialUse::Flagged:
            return 5;
        case model::SpecialUse::Junk:
            return 6;
        case model::SpecialUse::Trash:
            return 7;
        case model::SpecialUse::None:
            break;
    }
    // An INBOX without the special-use mark is still the inbox.
    if (folder->parentPath().empty() && wxString(folder->path).IsSameAs("INBOX", false)) return 0;
    return 100;
}

// One level of an account's folder hierarchy, built before anything goes into the control so
// siblings can be sorted and missing parents filled in.
struct Branch {
    std::string name;                           // last path component, UTF-8
    std::string path;                           // full path with the server's separator
    const model::FolderInfo* folder = nullptr;  // nullptr: a parent that exists only in the hierarchy
    std::vector<std::unique_ptr<Branch>> children;
};

Branch* childNamed(Branch& parent, const std::string& name, const std::string& path) {
    for (auto& child : parent.children) {
        if (child->name == name) return child.get();
    }
    parent.children.push_back(std::make_unique<Branch>());
    Branch* child = parent.children.back().get();
    child->name = name;
    child->path = path;
    return child;
}

void sortBranches(Branch& branch) {
    std::sort(branch.children.begin(), branch.children.end(), [](const auto& a, const auto& b) {
        const int ra = rank(a->folder);
        const int rb = rank(b->folder);
        if (ra != rb) return ra < rb;
        const int byName = format::u8(a->name).CmpNoCase(format::u8(b->name));
        return byName != 0 ? byName < 0 : a->name < b->name;
    });
    for (auto& child : branch.children) sortBranches(*child);
}

// Collapsed nodes and the selection are remembered across reload() by account and path.
using NodeKey = std::pair<std::int64_t, std::string>;

}  // namespace

class FolderTree::Node : public wxTreeItemData {
public:
    using Kind = FolderTree::Kind;

    Node(Kind nodeKind, model::AccountConfig nodeAccount) : kind(nodeKind), account(std::move(nodeAccount)) {}

    Kind kind;
    model::AccountConfig account;
    std::string path;  // empty for the account node
    std::optional<model::FolderInfo> folder;

    // The All Inboxes node has account id 0, which no account has.
    NodeKey key() const { return {account.id, kind == Kind::Account ? std::string() : path}; }
};

FolderTree::FolderTree(wxWindow* parent, std::shared_ptr<store::Db> db, wxWindowID id)
    : wxTreeCtrl(parent, id, wxDefaultPosition, wxDefaultSize,
                 wxTR_HAS_BUTTONS | wxTR_TWIST_BUTTONS | wxTR_HIDE_ROOT | wxTR_LINES_AT_ROOT | wxTR_NO_LINES |
                     wxTR_FULL_ROW_HIGHLIGHT | wxTR_SINGLE | wxBORDER_NONE),
      db_(std::move(db)) {
    wxVector<wxBitmapBundle> images;
    for (const char* artId : {art::Account, art::Folder, art::Inbox, art::Sent, art::Drafts, art::Trash,
                              art::Junk, art::Archive, art::Flag, art::Account}) {
        images.push_back(wxArtProvider::GetBitmapBundle(artId, wxART_LIST, wxSize(16, 16)));
    }
    SetImages(images);
}

int FolderTree::iconFor(const model::FolderInfo& folder) {
    switch (folder.specialUse) {
        case model::SpecialUse::Inbox:
            return IconInbox;
        case model::SpecialUse::Sent:
            return IconSent;
        case model::SpecialUse::Drafts:
            return IconDrafts;
        case model::SpecialUse::Trash:
            return IconTrash;
        case model::SpecialUse::Junk:
            return IconJunk;
        case model::SpecialUse::Archive:
        case model::SpecialUse::All:
            return IconArchive;
        case model::SpecialUse::Flagged:
            return IconFlag;
        case model::SpecialUse::None:
            break;
    }
    return rank(&folder) == 0 ? IconInbox : IconFolder;
}

FolderTree::Node* FolderTree::nodeOf(const wxTreeItemId& item) const {
    return item.IsOk() ? static_cast<Node*>(GetItemData(item)) : nullptr;
}

void FolderTree::reload() {
    // Read everything first: if the index throws, the tree keeps showing what it had.
    store::AccountRepository accountRepo(*db_);
    store::FolderRepository folderRepo(*db_);
    struct AccountFolders {
        model::AccountConfig account;
        std::vector<model::FolderInfo> folders;
    };
    std::vector<AccountFolders> accounts;
    for (auto& account : accountRepo.list()) {
        auto folders = folderRepo.list(account.id);
        accounts.push_back({std::move(account), std::move(folders)});
    }
    // The same folders the merged list reads (store::MessageIndex decides which are inboxes).
    store::PageQuery unreadInboxes;
    unreadInboxes.folderId = store::kAllInboxesFolderId;
    unreadInboxes.unreadOnly = true;
    const std::uint32_t unread = store::MessageIndex(*db_).count(unreadInboxes);

    const bool firstLoad = !GetRootItem().IsOk() || GetChildrenCount(GetRootItem(), false) == 0;
    std::set<NodeKey> collapsed;
    std::optional<NodeKey> selected;
    if (!firstLoad) {
        std::function<void(const wxTreeItemId&)> remember = [&](const wxTreeItemId& parent) {
            wxTreeItemIdValue cookie;
            for (auto item = GetFirstChild(parent, cookie); item.IsOk();
                 item = GetNextChild(parent, cookie)) {
                if (ItemHasChildren(item) && !IsExpanded(item)) collapsed.insert(nodeOf(item)->key());
                remember(item);
            }
        };
        remember(GetRootItem());
        if (const Node* node = nodeOf(GetSelection())) selected = node->key();
    }

    Freeze();
    DeleteAllItems();
    const wxTreeItemId root = AddRoot(wxString());
    const wxColour parentColour = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT);
    wxTreeItemId toSelect;

    if (!accounts.empty()) {
        allInboxesUnread_ = unread;
        auto* node = new Node(Node::Kind::AllInboxes, model::AccountConfig{});
        const wxTreeItemId item = AppendItem(root, format::withUnread(_("All Inboxes"), unread), IconInbox, -1, node);
        if (unread > 0) SetItemBold(item);
        if (selected && *selected == node->key()) toSelect = item;
    } else {
        allInboxesUnread_ = 0;
    }

    for (const auto& [account, folders] : accounts) {
        const wxTreeItemId accountItem = AppendItem(root, format::accountLabel(account), IconAccount, -1,
                                                    new Node(Node::Kind::Account, account));
        if (selected && *selected == NodeKey{account.id, std::string()}) toSelect = accountItem;

        Branch top;
        for (const auto& folder : folders) {
            Branch* at = &top;
            std::size_t start = 0;
            while (true) {
                // A folder without a hierarchy separator (NUL) is one flat name.
                const std::size_t cut =
                    folder.separator ? folder.path.find(folder.separator, start) : std::string::npos;
                const std::string path = folder.path.substr(0, cut);
                at = childNamed(*at, folder.path.substr(start, cut == std::string::npos ? cut : cut - start),
                                path);
                if (cut == std::string::npos) break;
                start = cut + 1;
            }
            at->folder = &folder;
        }
        sortBranches(top);

        std::function<void(const wxTreeItemId&, const Branch&)> insert = [&](const wxTreeItemId& parent,
                                                                             const Branch& branch) {
            auto* node = new Node(branch.folder ? Node::Kind::Folder : Node::Kind::Parent, account);
            node->path = branch.path;
            wxString label;
            int icon = IconFolder;
            if (branch.folder) {
                node->folder = *branch.folder;
                label = format::withUnread(format::folderName(*branch.folder), branch.folder->unread);
                icon = iconFor(*branch.folder);
            } else {
                label = format::u8(branch.name);
            }
            const wxTreeItemId item = AppendItem(parent, label, icon, -1, node);
            if (branch.folder && branch.folder->unread > 0) SetItemBold(item);
            // Greyed: parents that exist only in the hierarchy, and folders not subscribed to.
            if (!branch.folder || !branch.folder->selectable || !branch.folder->subscribed)
                SetItemTextColour(item, parentColour);
            if (selected && *selected == node->key()) toSelect = item;
            for (const auto& child : branch.children) insert(item, *child);
        };
        for (const auto& child : top.children) insert(accountItem, *child);
        if (account.protocol == model::Protocol::Pop3) {
            auto* node = new Node(Node::Kind::Pop3Server, account);
            node->path = kServerPath;
            const wxTreeItemId item = AppendItem(accountItem, _("On server"), IconServer, -1, node);
            if (selected && *selected == node->key()) toSelect = item;
        }
    }

    // New nodes start expanded; nodes the user collapsed stay collapsed.
    std::function<void(const wxTreeItemId&)> expand = [&](const wxTreeItemId& parent) {
        wxTreeItemIdValue cookie;
        for (auto item = GetFirstChild(parent, cookie); item.IsOk(); item = GetNextChild(parent, cookie)) {
            if (!ItemHasChildren(item)) continue;
            expand(item);
            if (!collapsed.count(nodeOf(item)->key())) Expand(item);
        }
    };
    expand(root);
    if (toSelect.IsOk()) SelectItem(toSelect);
    Thaw();
}

std::optional<model::FolderInfo> FolderTree::selectedFolder() const {
    const Node* node = nodeOf(GetSelection());
    if (!node || !node->folder) return std::nullopt;
    return node->folder;
}

std::optional<model::AccountConfig> FolderTree::selectedAccount() const {
    const Node* node = nodeOf(GetSelection());
    if (!node || node->kind == Node::Kind::AllInboxes) return std::nullopt;
    return node->account;
}

wxTreeItemId FolderTree::findIf(const wxTreeItemId& from,
                                const std::function<bool(const Node&)>& match) const {
    wxTreeItemIdValue cookie;
    for (auto item = GetFirstChild(from, cookie); item.IsOk(); item = GetNextChild(from, cookie)) {
        if (const Node* node = nodeOf(item); node && match(*node)) return item;
        if (const wxTreeItemId found = findIf(item, match); found.IsOk()) return found;
    }
    return {};
}

std::optional<FolderTree::Entry> FolderTree::entryAt(const wxTreeItemId& item) const {
    const Node* node = nodeOf(item);
    if (!node) return std::nullopt;
    return Entry{node->kind, node->account, node->path, node->folder};
}

wxTreeItemId FolderTree::findPop3Server(std::int64_t accountId) const {
    if (!GetRootItem().IsOk()) return {};
    return findIf(GetRootItem(), [accountId](const Node& node) {
        return node.kind == Node::Kind::Pop3Server && node.account.id == accountId;
    });
}

bool FolderTree::hasAccounts() const {
    return GetRootItem().IsOk() && GetChildrenCount(GetRootItem(), false) > 0;
}

wxTreeItemId FolderTree::findAccount(std::int64_t accountId) const {
    if (!GetRootItem().IsOk()) return {};
    return findIf(GetRootItem(), [accountId](const Node& node) {
        return node.kind == Node::Kind::Account && node.account.id == accountId;
    });
}

wxTreeItemId FolderTree::findFolder(std::int64_t folderId) const {
    if (!GetRootItem().IsOk()) return {};
    return findIf(GetRootItem(),
                  [folderId](const Node& node) { return node.folder && node.folder->id == folderId; });
}

wxTreeItemId FolderTree::findPath(std::int64_t accountId, const std::string& path) const {
    if (!GetRootItem().IsOk()) return {};
    return findIf(GetRootItem(), [accountId, &path](const Node& node) {
        return (node.kind == Node::Kind::Folder || node.kind == Node::Kind::Parent) && node.account.id == accountId &&
               node.path == path;
    });
}

bool FolderTree::allInboxesSelected() const {
    const Node* node = nodeOf(GetSelection());
    return node && node->kind == Node::Kind::AllInboxes;
}

bool FolderTree::selectFolder(std::int64_t folderId) {
    const wxTreeItemId item =
        folderId == store::kAllInboxesFolderId && GetRootItem().IsOk()
            ? findIf(GetRootItem(), [](const Node& node) { return node.kind == Node::Kind::AllInboxes; })
            : findFolder(folderId);
    if (!item.IsOk()) return false;
    EnsureVisible(item);
    SelectItem(item);
    return true;
}

}  // namespace petrel::ui
