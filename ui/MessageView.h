#pragma once
#include <wx/panel.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "InlineImageStore.h"
#include "RemoteContent.h"

#include "engine/MessageService.h"
#include "model/MessageSummary.h"
#include "model/PartInfo.h"

class wxStaticText;
class wxTextCtrl;
class wxFlexGridSizer;
class wxSizerItem;
class wxButton;

namespace petrel::store {
class Db;
}

namespace petrel::ui {
class EngineHost;
class InlineImages;
class JobTracker;
class SafeHtmlWindow;
}

namespace petrel::ui {

// The reading pane. Shows a message's headers from its index summary and, when the index has it,
// the cached plain text of its body (never HTML: nothing here can load or run anything). Fetching
// a body that is not cached is the job of the engine's FetchPart; until then the pane says so.
class MessageView : public wxPanel {
public:
    explicit MessageView(wxWindow* parent, wxWindowID id = wxID_ANY);
    ~MessageView() override;

    // Where cid: pictures are fetched from (as jobs of the frame); without it HTML shows none.
    void attachJobs(JobTracker& jobs, EngineHost& host, std::shared_ptr<store::Db> index);

    // cachedText: the body text from the index (MessageIndex::cachedText), if it has any.
    void showMessage(const model::MessageSummary& summary, const std::optional<std::string>& cachedText);
    // The message as a job opened it: plain text, or HTML in a pane that loads nothing remote;
    // the bars for blocked remote content, a partial download and attachments.
    void showOpened(const engine::OpenedMessage& message);
    // While the open job runs (headers already shown by showMessage).
    void showLoading();
    // The open failed (the error bar says why): what the index had stays shown. needsPassword:
    // the account has no usable password; a bar offers to enter one (onEnterPassword).
    void showOpenFailed(const wxString& why, bool needsPassword = false);
    // "Enter Password...": the frame opens the message again, asking for the password.
    std::function<void()> onEnterPassword;

    // "Load the rest": the frame reopens the message with a cap of `bytes`.
    std::function<void(std::uint32_t bytes)> onLoadRest;
    // "Save..." on an attachment.
    std::function<void(const model::PartInfo& part)> onSaveAttachment;

    // Several messages selected: a count, no headers.
    void showSelectionCount(std::size_t count);
    // Nothing selected.
    void clear();

    // What the pane shows, for the frame's title and for tests.
    bool hasMessage() const { return messageId_ != 0; }
    std::int64_t messageId() const { return messageId_; }
    wxString subject() const;
    wxString from() const;
    wxString to() const;
    wxString date() const;
    // The note about the body ("Body not downloaded yet.") or, with nothing shown, the pane's state.
    wxString bodyStatus() const;
    wxString bodyText() const;
    // What showOpened displayed (tests).
    bool showingHtml() const;
    SafeHtmlWindow* htmlWindow() const { return html_; }
    bool remoteBlockedBarShown() const;
    // The bar's "Load": fetches this message's http(s) pictures (RemoteContent) and shows them.
    void loadRemoteContent();
    wxButton* loadRemoteButton() const { return loadRemote_; }
    bool remoteContentLoaded() const { return remoteLoaded_; }
    const std::vector<std::string>& remoteContentErrors() const { return remoteErrors_; }
    // memory: URLs of the pictures the current message shows (cid: parts, loaded remote ones).
    const std::vector<wxString>& imageUrls() const { return images_.urls(); }
    // The HTML as last given to the pane (cid: and loaded URLs replaced by memory: ones).
    const std::string& renderedHtml() const { return renderedHtml_; }
    bool passwordBarShown() const;
    wxButton* enterPasswordButton() const { return enterPassword_; }
    bool partialBarShown() const;
    wxString partialBarText() const;
    wxButton* loadRestButton() const { return loadRest_; }
    const std::vector<model::PartInfo>& attachments() const { return attachments_; }
    wxString attachmentBarText() const;
    bool attachmentBarShown() const;

private:
    struct HeaderRow {
        wxStaticText* label = nullptr;
        wxStaticText* value = nullptr;
    };

    HeaderRow addHeaderRow(const wxString& label);
    // Sets a row's value; an empty value hides the row.
    void setHeaderRow(const HeaderRow& row, const wxString& text);
    void showState(const wxString& text);
    void hideBars();
    void rebuildAttachments();
    // Forgets the pictures and remote state of the message shown before.
    void resetPictures();
    void renderHtml();

    std::int64_t messageId_ = 0;
    wxPanel* headerPanel_ = nullptr;
    wxFlexGridSizer* headerGrid_ = nullptr;
    wxStaticText* subject_ = nullptr;
    HeaderRow from_;
    HeaderRow to_;
    HeaderRow cc_;
    HeaderRow date_;
    HeaderRow size_;
    wxStaticText* bodyNote_ = nullptr;
    wxTextCtrl* bodyText_ = nullptr;
    SafeHtmlWindow* html_ = nullptr;
    wxPanel* remoteBar_ = nullptr;
    wxStaticText* remoteText_ = nullptr;
    wxButton* loadRemote_ = nullptr;
    wxPanel* passwordBar_ = nullptr;
    wxButton* enterPassword_ = nullptr;
    std::string htmlSource_;
    std::string renderedHtml_;
    std::map<std::string, wxString> cidUrls_;     // content id -> memory: URL
    std::map<std::string, wxString> remoteUrls_;  // attribute value -> memory: URL
    bool remoteLoaded_ = false;
    std::vector<std::string> remoteErrors_;
    InlineImageStore images_;
    RemoteContent remote_;
    std::unique_ptr<InlineImages> inline_;
    wxPanel* partialBar_ = nullptr;
    wxStaticText* partialText_ = nullptr;
    wxButton* loadRest_ = nullptr;
    wxPanel* attachmentBar_ = nullptr;
    std::vector<model::PartInfo> attachments_;
    std::uint32_t restCap_ = 0;
    wxStaticText* state_ = nullptr;  // "No message selected", "3 messages selected"
    wxSizerItem* stateSpacers_[2] = {};
};

}  // namespace petrel::ui
