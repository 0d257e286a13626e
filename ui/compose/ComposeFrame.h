#pragma once
#include <wx/frame.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "compose/AccountJob.h"
#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/OutgoingMessage.h"

class wxChoice;
class wxTextCtrl;

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class AttachmentPanel;
class ErrorBar;
class MainFrame;

// One message being written: From (an account that can send), To/Cc/Bcc with completion from the
// index, Subject, a plain-text body and the attachments. Send and Save Draft run as jobs on the
// account's interactive worker; the window closes only once the engine has committed the message
// (sent, or queued in the outbox), and stays open with the server's reason when sending fails.
// Several can be open at once; each belongs to the main window and dies with it.
class ComposeFrame : public wxFrame {
public:
    // `index`: the UI thread's read-only connection (accounts, completion). `message.accountId`
    // picks the sending account when it can send, else the first account that can.
    ComposeFrame(MainFrame& main, std::shared_ptr<store::Db> index, const model::OutgoingMessage& message);
    ~ComposeFrame() override;

    // Accounts with an SMTP server, in the order the index lists them.
    static std::vector<model::AccountConfig> sendingAccounts(store::Db& index);

    // What the fields hold now (addresses split, not yet checked).
    model::OutgoingMessage message() const;
    // Differs from what was opened or last saved as a draft.
    bool modified() const;

    // Checks the addresses (the first bad one is named in the error bar), then sends. Returns
    // false when nothing was submitted.
    bool send();
    // Stores the draft; with closeAfter, the window closes once it is stored.
    bool saveDraft(bool closeAfter = false);
    bool busy() const { return busy_; }

    std::optional<model::AccountConfig> selectedAccount() const;

    wxChoice* fromChoice() const { return from_; }
    wxTextCtrl* toField() const { return to_; }
    wxTextCtrl* ccField() const { return cc_; }
    wxTextCtrl* bccField() const { return bcc_; }
    wxTextCtrl* subjectField() const { return subject_; }
    wxTextCtrl* bodyField() const { return body_; }
    AttachmentPanel* attachmentPanel() const { return attachments_; }
    ErrorBar* errorBar() const { return errorBar_; }

    // Menu and toolbar ids (tests send these).
    static int sendId();
    static int saveDraftId();
    static int attachId();

private:
    void buildMenus();
    void buildToolBar();
    void fill(const model::OutgoingMessage& message);
    void updateTitle();
    void setBusy(bool busy, const wxString& status);
    void showError(const wxString& message);
    void onClose(wxCloseEvent& event);
    // Submits `work` for the selected account on its interactive worker, with the user asked
    // for passwords and certificates; `done` runs on the UI thread while this window lives.
    bool submit(const std::string& name, std::int64_t accountId, bool askUser, AccountWork work,
                std::function<void(const std::optional<model::Error>&)> done);

    MainFrame& main_;
    std::shared_ptr<store::Db> index_;
    std::vector<model::AccountConfig> accounts_;
    // What the window was opened with or last saved as (for modified()).
    model::OutgoingMessage saved_;
    // Carried through unchanged: the fields the window does not show.
    model::OutgoingMessage carried_;
    bool busy_ = false;
    bool closeAfterSave_ = false;

    ErrorBar* errorBar_ = nullptr;
    wxChoice* from_ = nullptr;
    wxTextCtrl* to_ = nullptr;
    wxTextCtrl* cc_ = nullptr;
    wxTextCtrl* bcc_ = nullptr;
    wxTextCtrl* subject_ = nullptr;
    wxTextCtrl* body_ = nullptr;
    AttachmentPanel* attachments_ = nullptr;
};

}  // namespace petrel::ui
