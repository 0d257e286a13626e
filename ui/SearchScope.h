#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"

namespace petrel::ui {

// Where the search field looks: the folder shown, its account, or every account.
enum class SearchScopeKind { Folder, Account, AllAccounts };

// A scope made concrete from the tree's selection. A narrower scope with nothing selected to
// narrow it to widens: "This folder" on an account node searches that account.
struct SearchScope {
    SearchScopeKind kind = SearchScopeKind::AllAccounts;
    std::optional<std::int64_t> accountId;
    std::optional<std::int64_t> folderId;
    std::optional<std::string> folderPath;  // for the server's UID SEARCH

    static SearchScope resolve(SearchScopeKind wanted, const std::optional<model::FolderInfo>& folder,
                               const std::optional<model::AccountConfig>& account);
    // Whether the server search of `account` belongs to this scope.
    bool includes(const model::AccountConfig& account) const {
        return !accountId || *accountId == account.id;
    }
};

}  // namespace petrel::ui
