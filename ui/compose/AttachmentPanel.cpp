#include "compose/AttachmentPanel.h"

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/filename.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>

#include <algorithm>

#include "DisplayFormat.h"
#include "compose/FileDropTarget.h"

namespace petrel::ui {

namespace {

std::string displayName(const model::OutgoingAttachment& attachment) {
    if (!attachment.fileName.empty()) return attachment.fileName;
    return format::toUtf8(wxFileName(format::u8(attachment.path)).GetFullName());
}

std::uint64_t displaySize(const model::OutgoingAttachment& attachment) {
    if (attachment.size) return attachment.size;
    return attachment.path.empty() ? attachment.data.size() : 0;
}

}  // namespace

AttachmentPanel::AttachmentPanel(wxWindow* parent, std::vector<model::OutgoingAttachment> initial)
    : wxPanel(parent, wxID_ANY), attachments_(std::move(initial)) {
    SetName("AttachmentPanel");
    list_ = new wxListView(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 90)), wxLC_REPORT);
    list_->SetName("AttachmentList");
    list_->AppendColumn(_("Attachment"), wxLIST_FORMAT_LEFT, FromDIP(380));
    list_->AppendColumn(_("Size"), wxLIST_FORMAT_RIGHT, FromDIP(90));
    add_ = new wxButton(this, wxID_ANY, _("&Attach..."));
    add_->SetName("AddAttachment");
    remove_ = new wxButton(this, wxID_ANY, _("Re&move"));
    remove_->SetName("RemoveAttachment");

    auto* buttons = new wxBoxSizer(wxVERTICAL);
    buttons->Add(add_, wxSizerFlags().Expand());
    buttons->Add(remove_, wxSizerFlags().Expand().Border(wxTOP, FromDIP(4)));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(list_, wxSizerFlags(1).Expand());
    row->Add(buttons, wxSizerFlags().Border(wxLEFT, FromDIP(6)));
    SetSizer(row);

    chooseFiles = [this] {
        std::vector<wxString> paths;
        wxFileDialog dialog(this, _("Attach Files"), wxString(), wxString(), wxFileSelectorDefaultWildcardStr,
                            wxFD_OPEN | wxFD_MULTIPLE | wxFD_FILE_MUST_EXIST);
        if (dialog.ShowModal() != wxID_OK) return paths;
        wxArrayString chosen;
        dialog.GetPaths(chosen);
        paths.assign(chosen.begin(), chosen.end());
        return paths;
    };
    add_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { chooseAndAdd(); });
    remove_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { removeSelected(); });
    remove_->Bind(wxEVT_UPDATE_UI, [this](wxUpdateUIEvent& event) { event.Enable(list_->GetSelectedItemCount() > 0); });
    list_->Bind(wxEVT_KEY_DOWN, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_DELETE || event.GetKeyCode() == WXK_NUMPAD_DELETE) return removeSelected();
        event.Skip();
    });
    list_->SetDropTarget(new FileDropTarget([this](const std::vector<wxString>& paths) { addFiles(paths); }));
    refill();
}

void AttachmentPanel::chooseAndAdd() {
    if (!chooseFiles) return;
    const auto paths = chooseFiles();
    if (!paths.empty()) addFiles(paths);
}

std::size_t AttachmentPanel::addFiles(const std::vector<wxString>& paths) {
    std::size_t added = 0;
    for (const wxString& path : paths) {
        wxFileName file(path);
        file.MakeAbsolute();
        if (!file.FileExists()) continue;  // folders and vanished files cannot be attached
        const std::string full = format::toUtf8(file.GetFullPath());
        const bool known = std::any_of(attachments_.begin(), attachments_.end(),
                                       [&](const model::OutgoingAttachment& a) { return a.path == full; });
        if (known) continue;
        model::OutgoingAttachment attachment;
        attachment.path = full;
        const wxULongLong size = file.GetSize();
        attachment.size = size == wxInvalidSize ? 0 : size.GetValue();
        attachments_.push_back(std::move(attachment));
        ++added;
    }
    if (added) {
        refill();
        if (onChanged) onChanged();
    }
    return added;
}

void AttachmentPanel::removeSelected() {
    std::vector<long> rows;
    for (long row = list_->GetFirstSelected(); row != -1; row = list_->GetNextSelected(row)) rows.push_back(row);
    if (rows.empty()) return;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        attachments_.erase(attachments_.begin() + *it);
    refill();
    if (onChanged) onChanged();
}

void AttachmentPanel::refill() {
    list_->DeleteAllItems();
    long row = 0;
    for (const auto& attachment : attachments_) {
        list_->InsertItem(row, format::u8(displayName(attachment)));
        list_->SetItem(row, 1, format::size(displaySize(attachment)));
        ++row;
    }
}

}  // namespace petrel::ui
