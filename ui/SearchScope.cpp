#include "SearchScope.h"

namespace petrel::ui {

SearchScope SearchScope::resolve(SearchScopeKind wanted, const std::optional<model::FolderInfo>& folder,
                                 const std::optional<model::AccountConfig>& account) {
    SearchScope scope;
    if (wanted == SearchScopeKind::Folder && folder && folder->selectable) {
        scope.kind = SearchScopeKind::Folder;
        scope.accountId = folder->accountId;
        scope.folderId = folder->id;
        scope.folderPath = folder->path;
        return scope;
    }
    if (wanted != SearchScopeKind::AllAccounts && (account || folder)) {
        scope.kind = SearchScopeKind::Account;
        scope.accountId = account ? account->id : folder->accountId;
        return scope;
    }
    return scope;
}

}  // namespace petrel::ui
