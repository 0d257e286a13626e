#include "compose/FileDropTarget.h"

namespace petrel::ui {

FileDropTarget::FileDropTarget(std::function<void(const std::vector<wxString>&)> onFiles)
    : onFiles_(std::move(onFiles)) {}

bool FileDropTarget::OnDropFiles(wxCoord, wxCoord, const wxArrayString& files) {
    if (!onFiles_ || files.empty()) return false;
    onFiles_(std::vector<wxString>(files.begin(), files.end()));
    return true;
}

}  // namespace petrel::ui
