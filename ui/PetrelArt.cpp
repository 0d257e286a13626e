#include "PetrelArt.h"

#include <cstring>

#include "EmbeddedIcons.h"

namespace petrel::ui {

namespace {

const EmbeddedIcon* findIcon(const char* name) {
    for (const EmbeddedIcon& icon : embeddedIcons()) {
        if (std::strcmp(icon.name, name) == 0) return &icon;
    }
    return nullptr;
}

bool installed = false;

}  // namespace

void PetrelArt::install() {
    if (installed) return;
    wxArtProvider::Push(new PetrelArt);
    installed = true;
}

const char* PetrelArt::svgName(const wxArtID& id) {
    static const struct {
        const char* id;
        const char* file;
    } table[] = {
        {art::App, "petrel"},      {art::Account, "account"},
        {art::Folder, "folder"},   {art::Inbox, "inbox"},
        {art::Sent, "sent"},       {art::Drafts, "drafts"},
        {art::Trash, "trash"},     {art::Junk, "junk"},
        {art::Archive, "archive"}, {art::Attachment, "attachment"},
        {art::Flag, "flag"},
        {art::Compose, "compose"}, {art::Reply, "reply"},
        {art::ReplyAll, "reply-all"}, {art::Forward, "forward"},
        {art::Outbox, "outbox"},
    };
    for (const auto& entry : table) {
        if (id == entry.id) return entry.file;
    }
    return nullptr;
}

wxBitmapBundle PetrelArt::CreateBitmapBundle(const wxArtID& id, const wxArtClient& client,
                                             const wxSize& size) {
    const char* name = svgName(id);
    if (!name) return {};
    const EmbeddedIcon* icon = findIcon(name);
    if (!icon) return {};
    wxSize defaultSize = size;
    if (defaultSize == wxDefaultSize) defaultSize = GetNativeDIPSizeHint(client);
    if (defaultSize == wxDefaultSize) defaultSize = wxSize(16, 16);
    return wxBitmapBundle::FromSVG(reinterpret_cast<const wxByte*>(icon->data), icon->size, defaultSize);
}

wxIconBundle PetrelArt::appIcons() {
    const wxBitmapBundle bundle = wxArtProvider::GetBitmapBundle(art::App, wxART_FRAME_ICON, wxSize(32, 32));
    wxIconBundle icons;
    if (!bundle.IsOk()) return icons;
    for (int side : {16, 24, 32, 48, 64, 128, 256}) icons.AddIcon(bundle.GetIcon(wxSize(side, side)));
    return icons;
}

}  // namespace petrel::ui
