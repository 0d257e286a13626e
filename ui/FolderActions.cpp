#include "FolderActions.h"

#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>

#include "AccountJobs.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "JobTracker.h"
#include "WxUiPoster.h"
#include "dialogs/FolderNameDialog.h"
#include "engine/FolderService.h"
#include "store/FolderRepository.h"

namespace petrel::ui {

namespace {

bool isImap(const model::AccountConfig& account) { return account.protocol == model::Protocol::Imap; }

bool isFolderNode(const std::optional<FolderTree::Entry>& entry) {
    return entry && (entry->kind == FolderTree::Kind::Folder || entry->kind == FolderTree::Kind::Parent);
}

std::string lastComponent(const std::string& path, char separator) {
    const auto cut = separator ? path.rfind(separator) : std::string::npos;
    return cut == std::string::npos ? path : path.substr(cut + 1);
}

std::string parentOf(const std::string& path, char separator) {
    const auto cut = separator ? path.rfind(separator) : std::string::npos;
    return cut == std::string::npos ? std::string() : path.substr(0, cut + 1);
}

}  // namespace

FolderActions::FolderActions(wxWindow& parent, EngineHost& host, JobTracker& tracker, FolderTree& tree,
                             std::shared_ptr<store::Db> index)
    : parent_(parent), host_(host), tracker_(tracker), tree_(tree), index_(std::move(index)) {}

bool FolderActions::isInbox(const std::string& path) { return wxString::FromUTF8(path).IsSameAs("INBOX", false); }

bool FolderActions::canCreate() const {
    const auto entry = tree_.selectedEntry();
    // The All Inboxes node belongs to no account: it cannot hold a new folder.
    return entry && entry->kind != FolderTree::Kind::Pop3Server && entry->kind != FolderTree::Kind::AllInboxes;
}

bool FolderActions::canRename() const {
    const auto entry = tree_.selectedEntry();
    return isFolderNode(entry) && entry->folder && !isInbox(entry->path);
}

bool FolderActions::canDelete() const {
    const auto entry = tree_.selectedEntry();
    return isFolderNode(entry) && !isInbox(entry->path);
}

bool FolderActions::canSubscribe() const {
    const auto entry = tree_.selectedEntry();
    return isFolderNode(entry) && entry->folder && isImap(entry->account);
}

bool FolderActions::isSubscribed() const {
    const auto entry = tree_.selectedEntry();
    return entry && entry->folder && entry->folder->subscribed;
}

bool FolderActions::canRefresh() const {
    const auto entry = tree_.selectedEntry();
    return entry && entry->kind != FolderTree::Kind::AllInboxes;
}

char FolderActions::separatorOf(const FolderTree::Entry& entry) const {
    if (entry.folder) return entry.folder->separator;
    try {
        for (const auto& f : store::FolderRepository(*index_).list(entry.account.id))
            if (f.separator) return f.separator;
    } catch (const std::exception&) {
        // The default below is what POP3 local folders and Dovecot use.
    }
    return '/';
}

void FolderActions::newFolder() {
    if (!canCreate()) return;
    const auto entry = tree_.selectedEntry();
    const char separator = separatorOf(*entry);
    const std::string parent = entry->kind == FolderTree::Kind::Account ? std::string() : entry->path + separator;
    WxUiPoster::postModal(&parent_, [this, account = entry->account, parent, separator] {
        const wxString where = parent.empty() ? format::u8(account.name)
                                              : format::u8(parent.substr(0, parent.size() - 1));
        FolderNameDialog dialog(&parent_, _("New Folder"),
                                wxString::Format(_("Name of the new folder in %s:"), where), wxString(), separator);
        if (dialog.ShowModal() != wxID_OK) return;
        create(account, parent + dialog.name());
    });
}

void FolderActions::renameFolder() {
    if (!canRename()) return;
    const auto entry = *tree_.selectedEntry();
    const char separator = separatorOf(entry);
    WxUiPoster::postModal(&parent_, [this, entry, separator] {
        const wxString old = format::u8(lastComponent(entry.path, separator));
        FolderNameDialog dialog(&parent_, _("Rename Folder"),
                                wxString::Format(_("New name for %s:"), format::u8(entry.path)), old, separator);
        if (dialog.ShowModal() != wxID_OK) return;
        rename(entry.account, entry.path, parentOf(entry.path, separator) + dialog.name());
    });
}

wxString FolderActions::deleteQuestion(const model::AccountConfig& account, const std::string& path,
                                       bool* hasChildren) const {
    std::uint64_t messages = 0;
    std::size_t children = 0;
    char separator = '/';
    try {
        for (const auto& f : store::FolderRepository(*index_).list(account.id)) {
            if (f.path == path) {
                messages += f.total;
                separator = f.separator ? f.separator : separator;
            }
        }
        for (const auto& f : store::FolderRepository(*index_).list(account.id)) {
            if (f.path.size() > path.size() && f.path.compare(0, path.size(), path) == 0 &&
                f.path[path.size()] == separator) {
                ++children;
                messages += f.total;
            }
        }
    } catch (const std::exception&) {
        // Without the index the question still names the folder.
    }
    if (hasChildren) *hasChildren = children > 0;
    const wxString name = format::u8(path);
    wxString text =
        children > 0
            ? wxString::Format(wxPLURAL("Delete the folder %s and its %zu subfolder?",
                                        "Delete the folder %s and its %zu subfolders?", children),
                               name, children)
            : wxString::Format(_("Delete the folder %s?"), name);
    text += "\n\n";
    text += wxString::Format(wxPLURAL("%llu message is deleted with it", "%llu messages are deleted with it", messages),
                             static_cast<unsigned long long>(messages));
    text += isImap(account) ? _(" on the server. This cannot be undone.") : _(". This cannot be undone.");
    return text;
}

void FolderActions::deleteFolder() {
    if (!canDelete()) return;
    const auto entry = *tree_.selectedEntry();
    WxUiPoster::postModal(&parent_, [this, entry] {
        bool hasChildren = false;
        const wxString question = deleteQuestion(entry.account, entry.path, &hasChildren);
        // The generic dialog: a real wx dialog on every platform (the GUI tests answer it).
        wxGenericMessageDialog ask(&parent_, question, _("Delete Folder"), wxYES_NO | wxNO_DEFAULT | wxICON_WARNING);
        ask.SetName("ConfirmDeleteFolder");
        ask.SetYesNoLabels(_("&Delete"), _("&Keep"));
        if (ask.ShowModal() != wxID_YES) return;
        remove(entry.account, entry.path, hasChildren);
    });
}

void FolderActions::toggleSubscribed() {
    if (!canSubscribe()) return;
    const auto entry = *tree_.selectedEntry();
    subscribe(entry.account, entry.path, !entry.folder->subscribed);
}

void FolderActions::refresh() {
    if (!canRefresh()) return;
    const auto entry = tree_.selectedEntry();
    if (refreshAccount) refreshAccount(entry->account.id);
}

std::optional<std::uint64_t> FolderActions::submit(
    const model::AccountConfig& account, const std::string& name, const wxString& label, const wxString& doneLabel,
    const wxString& failure,
    std::function<void(engine::JobContext&, const engine::Profile&, const model::AccountConfig&,
                       const std::optional<std::string>&)>
        work,
    std::function<void()> done) {
    JobRequest request;
    request.accountId = account.id;
    request.lane = engine::Lane::Interactive;
    request.name = name;
    request.label = label;
    request.doneLabel = doneLabel;
    request.failureTitle = failure;
    request.network = isImap(account);
    request.run = AccountJobs::forAccount(host_.profile(), host_.secrets(), account, request.network, std::move(work));
    request.onFinished = [this, done = std::move(done)](const std::optional<model::Error>& error) {
        // Also after a failure: a recursive delete may have removed some folders before it stopped.
        if (reload) reload();
        if (!error && done) done();
    };
    return tracker_.submit(std::move(request));
}

std::function<void()> FolderActions::revealWhenDone(std::int64_t accountId, std::string path) {
    return [this, accountId, path = std::move(path)] {
        const wxTreeItemId item = tree_.findPath(accountId, path);
        if (item.IsOk()) {
            tree_.EnsureVisible(item);
            tree_.SelectItem(item);
        }
    };
}

std::optional<std::uint64_t> FolderActions::create(const model::AccountConfig& account, const std::string& path) {
    const wxString name = format::u8(path);
    return submit(
        account, "folder", wxString::Format(_("Creating folder %s"), name),
        wxString::Format(_("Folder %s created."), name), wxString::Format(_("Creating the folder %s failed"), name),
        [path](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& acct,
               const std::optional<std::string>& password) { engine::createFolder(job, profile, acct, path, password); },
        revealWhenDone(account.id, path));
}

std::optional<std::uint64_t> FolderActions::rename(const model::AccountConfig& account, const std::string& from,
                                                   const std::string& to) {
    return submit(
        account, "folder", wxString::Format(_("Renaming folder %s"), format::u8(from)),
        wxString::Format(_("Folder %s renamed to %s."), format::u8(from), format::u8(to)),
        wxString::Format(_("Renaming the folder %s failed"), format::u8(from)),
        [from, to](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& acct,
                   const std::optional<std::string>& password) {
            engine::renameFolder(job, profile, acct, from, to, password);
        },
        revealWhenDone(account.id, to));
}

std::optional<std::uint64_t> FolderActions::remove(const model::AccountConfig& account, const std::string& path,
                                                   bool recursive) {
    const wxString name = format::u8(path);
    return submit(
        account, "folder", wxString::Format(_("Deleting folder %s"), name),
        wxString::Format(_("Folder %s deleted."), name), wxString::Format(_("Deleting the folder %s failed"), name),
        [path, recursive](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& acct,
                          const std::optional<std::string>& password) {
            engine::deleteFolder(job, profile, acct, path, recursive, password);
        },
        {});
}

std::optional<std::uint64_t> FolderActions::subscribe(const model::AccountConfig& account, const std::string& path,
                                                      bool on) {
    const wxString name = format::u8(path);
    return submit(
        account, "folder",
        wxString::Format(on ? _("Subscribing to %s") : _("Unsubscribing from %s"), name),
        wxString::Format(on ? _("Subscribed to %s.") : _("Unsubscribed from %s."), name),
        wxString::Format(on ? _("Subscribing to %s failed") : _("Unsubscribing from %s failed"), name),
        [path, on](engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& acct,
                   const std::optional<std::string>& password) {
            engine::setFolderSubscribed(job, profile, acct, path, on, password);
        },
        {});
}

}  // namespace petrel::ui
