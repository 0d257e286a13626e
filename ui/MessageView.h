#pragma once
#include <wx/panel.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <functional>
#include <vector>

#include "engine/MessageService.h"
#include "model/MessageSummary.h"
#include "model/PartInfo.h"

class wxStaticText;
class wxTextCtrl;
class wxFlexGridSizer;
class wxSizerItem;
class wxButton;

namespace petrel::ui {
class SafeHtmlWindow;
}

namespace petrel::ui {

// The reading pane. Shows a message's headers from its index summary and, when the index has it,
// the cached plain text of its body (never HTML: nothing here can load or run anything). Fetching
// a body that is not cached is the job of the engine's FetchPart; until then the pane says so.
class MessageView : public wxPanel {
public:
    explicit MessageView(wxWindow* parent, wxWindowID id = wxID_ANY);

    // cachedText: the body text from the index (MessageIndex::cachedText), if it has any.
    void showMessage(const model::MessageSummary& summary, const std::optional<std::string>& cachedText);
    // The message as a job opened it: plain text, or HTML in a pane that loads nothing remote;
    // the bars for blocked remote content, a partial download and attachments.
    void showOpened(const engine::OpenedMessage& message);
    // While the open job runs (headers already shown by showMessage).
    void showLoading();
    // The open failed (the error bar says why): what the index had stays shown.
    void showOpenFailed(const wxString& why);

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
