#pragma once
#include <wx/dnd.h>

#include <functional>
#include <vector>

namespace petrel::ui {

// Files dropped from a file manager onto the compose window become attachments.
class FileDropTarget : public wxFileDropTarget {
public:
    explicit FileDropTarget(std::function<void(const std::vector<wxString>&)> onFiles);

    bool OnDropFiles(wxCoord x, wxCoord y, const wxArrayString& files) override;

private:
    std::function<void(const std::vector<wxString>&)> onFiles_;
};

}  // namespace petrel::ui
