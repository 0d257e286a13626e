#include "MessageView.h"

#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <wx/button.h>

#include "DisplayFormat.h"
#include "InlineImages.h"
#include "SafeHtmlWindow.h"

namespace petrel::ui {

MessageView::MessageView(wxWindow* parent, wxWindowID id) : wxPanel(parent, id) {
    SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW));
    auto* sizer = new wxBoxSizer(wxVERTICAL);

    headerPanel_ = new wxPanel(this);
    auto* headerSizer = new wxBoxSizer(wxVERTICAL);
    subject_ = new wxStaticText(headerPanel_, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                wxST_ELLIPSIZE_END | wxST_NO_AUTORESIZE);
    subject_->SetFont(subject_->GetFont().Bold().Scaled(1.25f));
    // Ellipsizing labels never grow to fit their text, so they need a height from the start.
    subject_->SetMinSize(wxSize(FromDIP(60), subject_->GetTextExtent("Ag").y));
    headerSizer->Add(subject_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));

    headerGrid_ = new wxFlexGridSizer(2, wxSize(FromDIP(10), FromDIP(3)));
    headerGrid_->AddGrowableCol(1);
    from_ = addHeaderRow(_("From:"));
    to_ = addHeaderRow(_("To:"));
    cc_ = addHeaderRow(_("Cc:"));
    date_ = addHeaderRow(_("Date:"));
    size_ = addHeaderRow(_("Size:"));
    headerSizer->Add(headerGrid_, wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    headerPanel_->SetSizer(headerSizer);
    sizer->Add(headerPanel_, wxSizerFlags().Expand());
    sizer->Add(new wxStaticLine(this), wxSizerFlags().Expand());

    bodyNote_ = new wxStaticText(this, wxID_ANY, wxString());
    bodyNote_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    sizer->Add(bodyNote_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(12)));

    auto makeBar = [this, sizer](const wxString& name) {
        auto* bar = new wxPanel(this, wxID_ANY);
        bar->SetName(name);
        bar->SetBackgroundColour(wxColour(255, 244, 206));
        bar->SetSizer(new wxBoxSizer(wxHORIZONTAL));
        sizer->Add(bar, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(6)));
        bar->Hide();
        return bar;
    };
    remoteBar_ = makeBar("RemoteContentBar");
    remoteText_ = new wxStaticText(remoteBar_, wxID_ANY, _("Remote content blocked: this message refers to pictures on the web, which were not loaded."));
    remoteBar_->GetSizer()->Add(remoteText_, wxSizerFlags(1).CentreVertical().Border(wxALL, FromDIP(6)));
    loadRemote_ = new wxButton(remoteBar_, wxID_ANY, _("Load"));
    loadRemote_->SetName("LoadRemoteContentButton");
    loadRemote_->SetToolTip(_("Load the pictures of this message from the web (the senders can see that you read it)"));
    remoteBar_->GetSizer()->Add(loadRemote_, wxSizerFlags().CentreVertical().Border(wxALL, FromDIP(3)));
    loadRemote_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { loadRemoteContent(); });
    passwordBar_ = makeBar("PasswordBar");
    passwordBar_->GetSizer()->Add(
        new wxStaticText(passwordBar_, wxID_ANY, _("This message cannot be downloaded: the account has no usable password.")),
        wxSizerFlags(1).CentreVertical().Border(wxALL, FromDIP(6)));
    enterPassword_ = new wxButton(passwordBar_, wxID_ANY, _("Enter Password..."));
    enterPassword_->SetName("EnterPasswordButton");
    passwordBar_->GetSizer()->Add(enterPassword_, wxSizerFlags().CentreVertical().Border(wxALL, FromDIP(3)));
    enterPassword_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (onEnterPassword) onEnterPassword();
    });
    partialBar_ = makeBar("PartialBar");
    partialText_ = new wxStaticText(partialBar_, wxID_ANY, _("Partially downloaded"));
    partialBar_->GetSizer()->Add(partialText_, wxSizerFlags(1).CentreVertical().Border(wxALL, FromDIP(6)));
    loadRest_ = new wxButton(partialBar_, wxID_ANY, _("Load the rest"));
    loadRest_->SetName("LoadRestButton");
    partialBar_->GetSizer()->Add(loadRest_, wxSizerFlags().CentreVertical().Border(wxALL, FromDIP(3)));
    loadRest_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (onLoadRest && restCap_) onLoadRest(restCap_);
    });
    attachmentBar_ = makeBar("AttachmentBar");
    attachmentBar_->SetSizer(new wxBoxSizer(wxVERTICAL));

    bodyText_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxBORDER_NONE);
    sizer->Add(bodyText_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(8)));
    html_ = new SafeHtmlWindow(this);
    sizer->Add(html_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(8)));
    html_->Hide();

    state_ = new wxStaticText(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                              wxALIGN_CENTRE_HORIZONTAL);
    state_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    // The state line sits in the middle of the pane; the spacers exist only while it shows.
    stateSpacers_[0] = sizer->AddStretchSpacer();
    sizer->Add(state_, wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    stateSpacers_[1] = sizer->AddStretchSpacer();

    SetSizer(sizer);
    clear();
}

MessageView::~MessageView() {
    // The pane goes: nothing it asked for may come back to it.
    remote_.cancel();
    if (inline_) inline_->cancel();
}

void MessageView::attachJobs(JobTracker& jobs, EngineHost& host, std::shared_ptr<store::Db> index) {
    inline_ = std::make_unique<InlineImages>(jobs, host, std::move(index));
}

MessageView::HeaderRow MessageView::addHeaderRow(const wxString& label) {
    HeaderRow row;
    row.label = new wxStaticText(headerPanel_, wxID_ANY, label);
    row.label->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    row.value = new wxStaticText(headerPanel_, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                                 wxST_ELLIPSIZE_END | wxST_NO_AUTORESIZE);
    row.value->SetMinSize(wxSize(FromDIP(60), row.value->GetTextExtent("Ag").y));
    headerGrid_->Add(row.label, wxSizerFlags().Right());
    headerGrid_->Add(row.value, wxSizerFlags().Expand());
    return row;
}

void MessageView::setHeaderRow(const HeaderRow& row, const wxString& text) {
    // wxStaticText treats '&' as a mnemonic marker; header text is literal.
    row.value->SetLabelText(text);
    row.value->SetToolTip(text);
    headerGrid_->Show(row.label, !text.empty());
    headerGrid_->Show(row.value, !text.empty());
}

void MessageView::showMessage(const model::MessageSummary& summary,
                              const std::optional<std::string>& cachedText) {
    resetPictures();
    messageId_ = summary.id;
    bodyNote_->UnsetToolTip();
    subject_->SetLabelText(summary.subject.empty() ? _("(no subject)") : format::u8(summary.subject));
    setHeaderRow(from_, format::u8(summary.from));
    setHeaderRow(to_, format::u8(summary.to));
    setHeaderRow(cc_, format::u8(summary.cc));
    setHeaderRow(date_, format::fullDate(summary.date ? summary.date : summary.internalDate));
    wxString size = format::size(summary.size);
    if (summary.hasAttachment) size += _(", with attachments");
    setHeaderRow(size_, size);

    // What the index knows about the body: the cache state bits are written by the fetch jobs.
    wxString note;
    if (cachedText) {
        bodyText_->ChangeValue(format::u8(*cachedText));
        if (summary.cacheState & model::CachedTextPartial)
            note = _("Only the beginning of this message has been downloaded.");
    } else {
        bodyText_->ChangeValue(wxString());
        note = _("Body not downloaded yet.");
    }
    bodyNote_->SetLabelText(note);

    hideBars();
    html_->Hide();
    state_->SetLabel(wxString());
    headerPanel_->Show();
    bodyNote_->Show(!note.empty());
    bodyText_->Show(cachedText.has_value());
    state_->Hide();
    for (wxSizerItem* spacer : stateSpacers_) spacer->Show(false);
    Layout();
}

void MessageView::showState(const wxString& text) {
    resetPictures();
    messageId_ = 0;
    subject_->SetLabel(wxString());
    for (const HeaderRow* row : {&from_, &to_, &cc_, &date_, &size_}) row->value->SetLabel(wxString());
    bodyNote_->SetLabel(wxString());
    bodyText_->ChangeValue(wxString());
    state_->SetLabelText(text);
    hideBars();
    html_->Hide();
    headerPanel_->Hide();
    bodyNote_->Hide();
    bodyText_->Hide();
    state_->Show();
    for (wxSizerItem* spacer : stateSpacers_) spacer->Show(true);
    Layout();
}

void MessageView::hideBars() {
    remoteBar_->Hide();
    passwordBar_->Hide();
    partialBar_->Hide();
    attachmentBar_->Hide();
    attachments_.clear();
    restCap_ = 0;
}

void MessageView::showLoading() {
    // The status bar shows the running open; the note keeps saying what the index knows.
    if (messageId_) bodyNote_->SetToolTip(_("Loading the message..."));
}

void MessageView::showOpenFailed(const wxString& why, bool needsPassword) {
    // The error bar says it, with Retry; the pane keeps what the index had (cached text or the
    // note that the body is not downloaded) and explains on hover.
    if (!messageId_) return;
    bodyNote_->SetToolTip(wxString::Format(_("The message could not be opened: %s"), why));
    if (needsPassword) {
        passwordBar_->Show();
        Layout();
    }
}

void MessageView::resetPictures() {
    remote_.cancel();
    if (inline_) inline_->cancel();
    images_.clear();
    cidUrls_.clear();
    remoteUrls_.clear();
    remoteErrors_.clear();
    remoteLoaded_ = false;
    htmlSource_.clear();
    renderedHtml_.clear();
    if (remoteText_) {
        remoteText_->SetLabelText(_("Remote content blocked: this message refers to pictures on the web, which were not loaded."));
        loadRemote_->Enable();
    }
}

void MessageView::renderHtml() {
    std::string page = htmlSource_;
    for (const auto& [id, url] : cidUrls_) {
        page = replaceAll(page, "cid:" + id, format::toUtf8(url));
        page = replaceAll(page, "CID:" + id, format::toUtf8(url));
    }
    for (const auto& [raw, url] : remoteUrls_) page = replaceAll(page, raw, format::toUtf8(url));
    renderedHtml_ = page;
    html_->resetBlockedLoads();
    html_->SetPage(format::u8(page));
}

void MessageView::loadRemoteContent() {
    if (!html_->IsShown() || htmlSource_.empty() || remoteLoaded_) return;
    const auto urls = remoteImageUrls(htmlSource_);
    if (urls.empty()) return;
    loadRemote_->Disable();
    remoteText_->SetLabelText(_("Loading the pictures of this message from the web..."));
    remoteBar_->Layout();
    // Bound to this message: showing another one cancels the fetch (resetPictures).
    remote_.fetch(urls, [this](RemoteContent::Result result) {
        for (const auto& image : result.images) remoteUrls_[image.url] = images_.add(image.data, image.mimeType);
        remoteErrors_ = std::move(result.errors);
        remoteLoaded_ = true;
        renderHtml();
        if (remoteErrors_.empty()) {
            remoteBar_->Hide();
        } else {
            remoteText_->SetLabelText(wxString::Format(
                wxPLURAL("%zu picture could not be loaded: %s", "%zu pictures could not be loaded; first: %s",
                         remoteErrors_.size()),
                remoteErrors_.size(), format::u8(remoteErrors_.front())));
        }
        Layout();
    });
}

void MessageView::showOpened(const engine::OpenedMessage& message) {
    if (message.textType.empty()) {
        // No text part known (no body structure in the index yet, or a message without text):
        // what showMessage put up from the index stays; only attachments are added.
        attachments_ = message.attachments;
        rebuildAttachments();
        Layout();
        return;
    }
    showMessage(message.summary, std::nullopt);
    const bool html = message.textType == "text/html";
    wxString note;
    if (html) {
        htmlSource_ = message.text;
        renderHtml();
        bodyText_->ChangeValue(wxString());
        remoteBar_->Show(referencesRemoteContent(message.text) || html_->blockedLoads() > 0);
        loadRemote_->Enable(!remoteImageUrls(htmlSource_).empty());
        const std::int64_t shownId = messageId_;
        if (inline_)
            inline_->load(message, htmlSource_, [this, shownId](std::vector<InlineImages::Picture> pictures) {
                if (messageId_ != shownId || htmlSource_.empty()) return;
                for (const auto& picture : pictures)
                    cidUrls_[picture.contentId] = images_.add(picture.data, picture.mimeType);
                renderHtml();
            });
    } else {
        bodyText_->ChangeValue(format::u8(message.text));
    }
    bodyText_->Show(!html);
    html_->Show(html);
    if (message.partial) {
        const std::uint64_t shown = message.text.size();
        const std::uint64_t want = shown + message.remainingBytes + 64 * 1024;
        restCap_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(want, 0xFFFFFFFFu));
        partialText_->SetLabelText(_("Partially downloaded."));
        loadRest_->SetLabel(message.remainingBytes
                                ? wxString::Format(_("Load the rest (%s)"), format::size(message.remainingBytes))
                                : _("Load the rest"));
        partialBar_->Show();
    }
    attachments_ = message.attachments;
    rebuildAttachments();
    bodyNote_->SetLabelText(note);
    bodyNote_->Show(!note.empty());
    Layout();
}

void MessageView::rebuildAttachments() {
    attachmentBar_->DestroyChildren();
    wxSizer* sizer = attachmentBar_->GetSizer();
    sizer->Clear();
    for (const auto& part : attachments_) {
        auto* row = new wxBoxSizer(wxHORIZONTAL);
        const wxString name = part.fileName.empty() ? _("(unnamed)") : format::u8(part.fileName);
        auto* label = new wxStaticText(attachmentBar_, wxID_ANY,
                                       wxString::Format("%s  (%s, %s)", name, format::u8(part.mimeType), format::size(part.size)));
        label->SetName("AttachmentLabel");
        row->Add(label, wxSizerFlags(1).CentreVertical().Border(wxLEFT | wxRIGHT, FromDIP(6)));
        auto* save = new wxButton(attachmentBar_, wxID_ANY, _("Save..."), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
        save->SetName("SaveAttachment:" + format::u8(part.section));
        save->Bind(wxEVT_BUTTON, [this, part](wxCommandEvent&) {
            if (onSaveAttachment) onSaveAttachment(part);
        });
        row->Add(save, wxSizerFlags().CentreVertical().Border(wxALL, FromDIP(2)));
        sizer->Add(row, wxSizerFlags().Expand());
    }
    attachmentBar_->Show(!attachments_.empty());
}

bool MessageView::showingHtml() const { return html_->IsShown(); }
bool MessageView::remoteBlockedBarShown() const { return remoteBar_->IsShown(); }
bool MessageView::passwordBarShown() const { return passwordBar_->IsShown(); }
bool MessageView::partialBarShown() const { return partialBar_->IsShown(); }
wxString MessageView::partialBarText() const { return partialText_->GetLabelText() + " " + loadRest_->GetLabel(); }
bool MessageView::attachmentBarShown() const { return attachmentBar_->IsShown(); }
wxString MessageView::attachmentBarText() const {
    wxString text;
    for (wxWindow* child : attachmentBar_->GetChildren())
        if (auto* label = dynamic_cast<wxStaticText*>(child)) text += label->GetLabelText() + "\n";
    return text;
}

void MessageView::showSelectionCount(std::size_t count) {
    showState(wxString::Format(wxPLURAL("%zu message selected", "%zu messages selected", count), count));
}

void MessageView::clear() {
    showState(_("No message selected"));
}

wxString MessageView::subject() const {
    return messageId_ ? subject_->GetLabelText() : wxString();
}
wxString MessageView::from() const {
    return from_.value->GetLabelText();
}
wxString MessageView::to() const {
    return to_.value->GetLabelText();
}
wxString MessageView::date() const {
    return date_.value->GetLabelText();
}
wxString MessageView::bodyStatus() const {
    return messageId_ ? bodyNote_->GetLabelText() : state_->GetLabelText();
}
wxString MessageView::bodyText() const {
    if (html_->IsShown()) return html_->ToText();
    return bodyText_->GetValue();
}

}  // namespace petrel::ui
