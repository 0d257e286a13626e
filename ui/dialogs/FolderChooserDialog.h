#pragma once
#include <wx/dialog.h>

#include <optional>
#include <string>
#include <vector>

#include "model/FolderInfo.h"

class wxListBox;

namespace petrel::ui {

// "Move to…" / "Copy to…": the account's folders that can hold messages, one per line with their
// hierarchy indented; double-click or OK chooses. `exclude` (the messages' own folder, for a
// move) is left out.
class FolderChooserDialog : public wxDialog {
public:
    FolderChooserDialog(wxWindow* parent, const wxString& title, std::vector<model::FolderInfo> folders,
                        const std::string& exclude);

    std::optional<model::FolderInfo> chosen() const;
    wxListBox* list() const { return list_; }
    // Selects the folder with this path; false when it is not offered.
    bool choose(const std::string& path);

private:
    std::vector<model::FolderInfo> folders_;
    wxListBox* list_ = nullptr;
};

}  // namespace petrel::ui
