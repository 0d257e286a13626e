#pragma once
#include <wx/dataobj.h>
#include <wx/dnd.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "FolderTree.h"

namespace petrel::ui {

// Messages dragged from the list: the account and the index ids of the rows, in a format of our
// own (nothing outside Petrel understands it, and nothing else is offered).
class MessageDragData : public wxCustomDataObject {
public:
    MessageDragData();
    MessageDragData(std::int64_t accountId, const std::vector<std::int64_t>& messageIds);

    static wxDataFormat format();

    struct Payload {
        std::int64_t accountId = 0;
        std::vector<std::int64_t> messageIds;
    };
    std::optional<Payload> payload() const;
};

// The folder tree as a drop target for messages: a selectable folder takes them (move, or copy
// with Ctrl held); other nodes refuse. The decision about accounts is the frame's (onDrop).
class FolderDropTarget : public wxDropTarget {
public:
    // Called for a drop on `folder`; returns what happened (wxDragNone when refused).
    using DropFn = std::function<wxDragResult(const FolderTree::Entry& folder, const MessageDragData::Payload& what,
                                              bool copy)>;

    FolderDropTarget(FolderTree& tree, DropFn onDrop);

    wxDragResult OnEnter(wxCoord x, wxCoord y, wxDragResult def) override;
    wxDragResult OnDragOver(wxCoord x, wxCoord y, wxDragResult def) override;
    void OnLeave() override;
    bool OnDrop(wxCoord x, wxCoord y) override;
    wxDragResult OnData(wxCoord x, wxCoord y, wxDragResult def) override;

    // What OnData does once the dragged data has arrived (tree coordinates); tests call it
    // with a payload where no drag session of the platform can deliver one.
    wxDragResult deliver(wxCoord x, wxCoord y, const MessageDragData::Payload& what, wxDragResult def);

private:
    std::optional<FolderTree::Entry> folderAt(wxCoord x, wxCoord y, wxTreeItemId* item) const;
    void highlight(const wxTreeItemId& item);

    FolderTree& tree_;
    DropFn onDrop_;
    wxTreeItemId highlighted_;
};

}  // namespace petrel::ui
