#include "NewMailNotifier.h"

#include <wx/intl.h>
#include <wx/notifmsg.h>

#include "DisplayFormat.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Stmt.h"

namespace petrel::ui {

namespace {

// The account's Inbox: the special-use one, or the folder named INBOX (IMAP) / Inbox (POP3).
const char* const kInboxFolders =
    "SELECT id FROM folders WHERE account_id = ?1 AND (special_use = 'inbox' OR lower(path) = 'inbox')";

}  // namespace

NewMailNotifier::NewMailNotifier(wxWindow* parent, std::shared_ptr<store::Db> index)
    : parent_(parent), index_(std::move(index)) {}

std::int64_t NewMailNotifier::inboxHighWater(std::int64_t accountId) {
    auto stmt = index_->prepare(
        std::string("SELECT COALESCE(MAX(id), 0) FROM messages WHERE folder_id IN (") + kInboxFolders + ")");
    stmt.bind(1, accountId);
    return stmt.step() ? stmt.getInt64(0) : 0;
}

void NewMailNotifier::beforeCheck(std::int64_t accountId) {
    try {
        highWater_[accountId] = inboxHighWater(accountId);
    } catch (const std::exception&) {
        highWater_.erase(accountId);  // unknown: this check announces nothing
    }
}

NewMailNotifier::Notice NewMailNotifier::afterCheck(std::int64_t accountId) {
    Notice notice;
    notice.accountId = accountId;
    const auto mark = highWater_.find(accountId);
    if (mark == highWater_.end()) return notice;
    const std::int64_t since = mark->second;
    highWater_.erase(mark);
    try {
        auto stmt = index_->prepare(
            std::string(
                "SELECT from_addr, subject FROM messages WHERE unread = 1 AND id > ?2 AND folder_id IN (") +
            kInboxFolders + ") ORDER BY sort_date DESC, id DESC");
        stmt.bind(1, accountId);
        stmt.bind(2, since);
        while (stmt.step()) {
            if (notice.count++ == 0) {
                notice.firstFrom = stmt.getText(0);
                notice.firstSubject = stmt.getText(1);
            }
        }
        if (notice.count == 0) return notice;
        if (const auto account = store::AccountRepository(*index_).findById(accountId))
            notice.accountName = account->name;
    } catch (const std::exception&) {
        return Notice{};
    }
    const wxString account = format::u8(notice.accountName);
    notice.title = wxString::Format(wxPLURAL("%zu new message in %s", "%zu new messages in %s", notice.count),
                                    notice.count, account);
    notice.message = format::u8(notice.firstFrom) + "\n" +
                     (notice.firstSubject.empty() ? _("(no subject)") : format::u8(notice.firstSubject));
    if (showOnDesktop) {
        wxNotificationMessage desktop(notice.title, notice.message, parent_);
        desktop.Show(wxNotificationMessage::Timeout_Auto);
    }
    if (onNotified) onNotified(notice);
    return notice;
}

}  // namespace petrel::ui
