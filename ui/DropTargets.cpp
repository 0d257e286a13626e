#include "DropTargets.h"

#include <wx/utils.h>

#include <sstream>
#include <string>

namespace petrel::ui {

namespace {

const char* const kFormat = "application/x-petrel-messages";

// "ACCOUNT ID ID ID..." in ASCII.
std::string encode(std::int64_t accountId, const std::vector<std::int64_t>& ids) {
    std::string text = std::to_string(accountId);
    for (const auto id : ids) text += " " + std::to_string(id);
    return text;
}

// Copy when Ctrl (Cmd on macOS: wx maps WXK_CONTROL to it) is held, else move.
wxDragResult wanted() { return wxGetKeyState(WXK_CONTROL) ? wxDragCopy : wxDragMove; }

}  // namespace

MessageDragData::MessageDragData() : wxCustomDataObject(format()) {}

MessageDragData::MessageDragData(std::int64_t accountId, const std::vector<std::int64_t>& messageIds)
    : MessageDragData() {
    const std::string text = encode(accountId, messageIds);
    SetData(text.size(), text.data());
}

wxDataFormat MessageDragData::format() { return wxDataFormat(kFormat); }

std::optional<MessageDragData::Payload> MessageDragData::payload() const {
    if (GetSize() == 0) return std::nullopt;
    std::istringstream in(std::string(static_cast<const char*>(GetData()), GetSize()));
    Payload p;
    if (!(in >> p.accountId)) return std::nullopt;
    std::int64_t id = 0;
    while (in >> id) p.messageIds.push_back(id);
    if (p.messageIds.empty()) return std::nullopt;
    return p;
}

FolderDropTarget::FolderDropTarget(FolderTree& tree, DropFn onDrop)
    : wxDropTarget(new MessageDragData), tree_(tree), onDrop_(std::move(onDrop)) {}

std::optional<FolderTree::Entry> FolderDropTarget::folderAt(wxCoord x, wxCoord y, wxTreeItemId* item) const {
    int flags = 0;
    const wxTreeItemId hit = tree_.HitTest(wxPoint(x, y), flags);
    if (item) *item = hit;
    if (!hit.IsOk() || !(flags & (wxTREE_HITTEST_ONITEMLABEL | wxTREE_HITTEST_ONITEMICON | wxTREE_HITTEST_ONITEMRIGHT |
                                  wxTREE_HITTEST_ONITEMINDENT)))
        return std::nullopt;
    auto entry = tree_.entryAt(hit);
    if (!entry || entry->kind != FolderTree::Kind::Folder || !entry->folder || !entry->folder->selectable)
        return std::nullopt;
    return entry;
}

void FolderDropTarget::highlight(const wxTreeItemId& item) {
    if (highlighted_ == item) return;
    if (highlighted_.IsOk()) tree_.SetItemDropHighlight(highlighted_, false);
    highlighted_ = item;
    if (highlighted_.IsOk()) tree_.SetItemDropHighlight(highlighted_, true);
}

wxDragResult FolderDropTarget::OnEnter(wxCoord x, wxCoord y, wxDragResult def) { return OnDragOver(x, y, def); }

wxDragResult FolderDropTarget::OnDragOver(wxCoord x, wxCoord y, wxDragResult) {
    wxTreeItemId item;
    if (!folderAt(x, y, &item)) {
        highlight(wxTreeItemId());
        return wxDragNone;
    }
    highlight(item);
    return wanted();
}

void FolderDropTarget::OnLeave() { highlight(wxTreeItemId()); }

bool FolderDropTarget::OnDrop(wxCoord x, wxCoord y) { return folderAt(x, y, nullptr).has_value(); }

wxDragResult FolderDropTarget::OnData(wxCoord x, wxCoord y, wxDragResult def) {
    highlight(wxTreeItemId());
    if (!GetData()) return wxDragNone;
    const auto what = static_cast<MessageDragData*>(GetDataObject())->payload();
    if (!what) return wxDragNone;
    return deliver(x, y, *what, def);
}

wxDragResult FolderDropTarget::deliver(wxCoord x, wxCoord y, const MessageDragData::Payload& what, wxDragResult def) {
    highlight(wxTreeItemId());
    const auto folder = folderAt(x, y, nullptr);
    if (!folder || !onDrop_) return wxDragNone;
    return onDrop_(*folder, what, def == wxDragCopy);
}

}  // namespace petrel::ui
