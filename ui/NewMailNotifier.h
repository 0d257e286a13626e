#pragma once
#include <wx/string.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

class wxWindow;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

// "N new messages in <account>": after a check of an account (Check Mail or the interval
// timer), the unread messages that check added to the account's Inbox are announced with a
// desktop notification (wxNotificationMessage) naming the first sender and subject. The frame
// calls beforeCheck when it submits the check and afterCheck when it has finished. UI thread.
class NewMailNotifier {
public:
    struct Notice {
        std::int64_t accountId = 0;
        std::string accountName;
        std::size_t count = 0;
        std::string firstFrom;
        std::string firstSubject;
        wxString title;
        wxString message;
    };

    NewMailNotifier(wxWindow* parent, std::shared_ptr<store::Db> index);

    // Remembers where the account's Inbox ends now (the highest message id in it).
    void beforeCheck(std::int64_t accountId);
    // Counts the unread Inbox messages added since beforeCheck and, if any, shows the notice.
    // Returns it (nullopt-like count 0 when nothing new). Read errors count as nothing new.
    Notice afterCheck(std::int64_t accountId);

    // Called with every notice shown, after it was handed to the desktop (tests observe the real
    // path here: desktop notifications cannot be seen under Xvfb).
    std::function<void(const Notice&)> onNotified;
    // False: notices are only reported to onNotified (a test that must not disturb a desktop).
    bool showOnDesktop = true;

private:
    std::int64_t inboxHighWater(std::int64_t accountId);

    wxWindow* parent_;
    std::shared_ptr<store::Db> index_;
    std::map<std::int64_t, std::int64_t> highWater_;
};

}  // namespace petrel::ui
