#pragma once
#include <wx/clntdata.h>
#include <wx/string.h>
// wxWeakRef<T> needs T complete; <type_traits> first (see WxUiPoster.h).
#include <type_traits>
#include <wx/window.h>
#include <wx/weakref.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/SendService.h"
#include "model/AccountConfig.h"
#include "model/OutgoingMessage.h"

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class ComposeFrame;
class MainFrame;
class OutboxDialog;

// New message, Reply, Reply All, Forward (inline / as attachment), Edit Draft and the Outbox in
// the main window: menu items at the top of the Message menu, a toolbar, and "Outbox..." in the
// Mail menu. Reply, forward and drafts are prepared by the engine as a job on the message's
// account; the result opens in a ComposeFrame. The object belongs to the main window (its client
// object) and goes with it.
class ComposeActions : public wxClientData {
public:
    // Installs the actions into `frame` (once). `index` is the frame's read-only connection.
    static ComposeActions& install(MainFrame& frame, std::shared_ptr<store::Db> index);
    // The actions installed in `frame`, or null.
    static ComposeActions* of(MainFrame& frame);

    // Opens a compose window with `message`. With no account that can send, the main window's
    // error bar says how to add one (File > Add Account) and nothing opens.
    ComposeFrame* openCompose(const model::OutgoingMessage& message);
    // An empty message from the account selected in the folder tree (or the first that can send).
    ComposeFrame* newMessage();
    // A mailto: link (RFC 6068) as `petrel mailto:...` passes it. A malformed link is reported in
    // the error bar.
    ComposeFrame* openMailto(const std::string& url);

    // On the single selected message; each returns false when nothing was submitted.
    bool reply(engine::ReplyKind kind);
    bool forward(engine::ForwardKind kind);
    bool editDraft();

    // The outbox dialog (modeless, one at a time).
    OutboxDialog* showOutbox();

    static int newMessageId();
    static int replyId();
    static int replyAllId();
    static int forwardId();
    static int forwardAsAttachmentId();
    static int editDraftId();
    static int outboxId();

private:
    ComposeActions(MainFrame& frame, std::shared_ptr<store::Db> index);
    void installMenus();
    void installToolBar();

    struct Selected {
        model::AccountConfig account;
        std::string folderPath;
        std::uint32_t uid = 0;
    };
    std::optional<Selected> selected() const;
    bool selectedIsDraft() const;
    // Runs `prepare` for the selected message and opens its result in a compose window.
    bool prepareFromSelection(const std::string& name, const wxString& label, const wxString& failureTitle,
                              std::function<model::OutgoingMessage(engine::JobContext&, const engine::Profile&,
                                                                   const model::AccountConfig&, const Selected&,
                                                                   const std::optional<std::string>&)>
                                  prepare);

    MainFrame& frame_;
    std::shared_ptr<store::Db> index_;
    wxWeakRef<wxWindow> outbox_;
};

}  // namespace petrel::ui
