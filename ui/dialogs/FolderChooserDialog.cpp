#include "dialogs/FolderChooserDialog.h"

#include <wx/button.h>
#include <wx/listbox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>

#include "DisplayFormat.h"

namespace petrel::ui {

FolderChooserDialog::FolderChooserDialog(wxWindow* parent, const wxString& title,
                                         std::vector<model::FolderInfo> folders, const std::string& exclude)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    SetName("FolderChooserDialog");
    folders.erase(std::remove_if(folders.begin(), folders.end(),
                                 [&](const model::FolderInfo& f) { return !f.selectable || f.path == exclude; }),
                  folders.end());
    // Path order keeps children under their parents.
    std::sort(folders.begin(), folders.end(),
              [](const model::FolderInfo& a, const model::FolderInfo& b) { return a.path < b.path; });
    folders_ = std::move(folders);

    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(new wxStaticText(this, wxID_ANY, _("Folder:")), wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, FromDIP(10)));
    list_ = new wxListBox(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(320, 300)), 0, nullptr, wxLB_SINGLE);
    list_->SetName("FolderChoices");
    for (const auto& f : folders_) {
        const auto depth = f.separator ? std::count(f.path.begin(), f.path.end(), f.separator) : 0;
        list_->Append(wxString(' ', static_cast<std::size_t>(depth) * 4) + format::folderName(f));
    }
    layout->Add(list_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(10)));
    layout->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL), wxSizerFlags().Expand().Border(wxALL, FromDIP(10)));
    SetSizerAndFit(layout);
    auto* ok = FindWindow(wxID_OK);
    if (ok) ok->Disable();
    list_->Bind(wxEVT_LISTBOX, [ok](wxCommandEvent&) {
        if (ok) ok->Enable();
    });
    list_->Bind(wxEVT_LISTBOX_DCLICK, [this](wxCommandEvent&) {
        if (list_->GetSelection() != wxNOT_FOUND) EndModal(wxID_OK);
    });
    CentreOnParent();
}

std::optional<model::FolderInfo> FolderChooserDialog::chosen() const {
    const int at = list_->GetSelection();
    if (at == wxNOT_FOUND || static_cast<std::size_t>(at) >= folders_.size()) return std::nullopt;
    return folders_[static_cast<std::size_t>(at)];
}

bool FolderChooserDialog::choose(const std::string& path) {
    for (std::size_t i = 0; i < folders_.size(); ++i) {
        if (folders_[i].path != path) continue;
        list_->SetSelection(static_cast<int>(i));
        if (auto* ok = FindWindow(wxID_OK)) ok->Enable();
        return true;
    }
    return false;
}

}  // namespace petrel::ui
