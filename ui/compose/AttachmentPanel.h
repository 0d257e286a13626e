#pragma once
#include <wx/panel.h>

#include <functional>
#include <vector>

#include "model/OutgoingMessage.h"

class wxButton;
class wxListView;

namespace petrel::ui {

// The compose window's attachments: a list with name and size, Add (a file dialog, several files
// at once) and Remove; files dropped on it are added too. Files are read only when the message
// is built, so the list holds paths, not bytes (except attachments carried over, e.g. a forward).
class AttachmentPanel : public wxPanel {
public:
    AttachmentPanel(wxWindow* parent, std::vector<model::OutgoingAttachment> initial);

    const std::vector<model::OutgoingAttachment>& attachments() const { return attachments_; }
    // Regular files only; returns how many were added. A file already attached is not added twice.
    std::size_t addFiles(const std::vector<wxString>& paths);
    void removeSelected();
    void chooseAndAdd();

    wxListView* list() const { return list_; }
    wxButton* addButton() const { return add_; }
    wxButton* removeButton() const { return remove_; }

    // Asks for files to attach (a wxFileDialog); tests replace it.
    std::function<std::vector<wxString>()> chooseFiles;
    // After every change of the list.
    std::function<void()> onChanged;

private:
    void refill();

    std::vector<model::OutgoingAttachment> attachments_;
    wxListView* list_ = nullptr;
    wxButton* add_ = nullptr;
    wxButton* remove_ = nullptr;
};

}  // namespace petrel::ui
