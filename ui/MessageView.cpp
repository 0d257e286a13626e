#include "MessageView.h"

#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "DisplayFormat.h"

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
    bodyText_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxDefaultSize,
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxBORDER_NONE);
    sizer->Add(bodyText_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(8)));

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
    messageId_ = summary.id;
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

    state_->SetLabel(wxString());
    headerPanel_->Show();
    bodyNote_->Show(!note.empty());
    bodyText_->Show(cachedText.has_value());
    state_->Hide();
    for (wxSizerItem* spacer : stateSpacers_) spacer->Show(false);
    Layout();
}

void MessageView::showState(const wxString& text) {
    messageId_ = 0;
    subject_->SetLabel(wxString());
    for (const HeaderRow* row : {&from_, &to_, &cc_, &date_, &size_}) row->value->SetLabel(wxString());
    bodyNote_->SetLabel(wxString());
    bodyText_->ChangeValue(wxString());
    state_->SetLabelText(text);
    headerPanel_->Hide();
    bodyNote_->Hide();
    bodyText_->Hide();
    state_->Show();
    for (wxSizerItem* spacer : stateSpacers_) spacer->Show(true);
    Layout();
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
    return bodyText_->GetValue();
}

}  // namespace petrel::ui
