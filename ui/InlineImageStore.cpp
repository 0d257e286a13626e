#include "InlineImageStore.h"

#include <wx/filesys.h>
#include <wx/fs_mem.h>
#include <wx/image.h>

#include <memory>

namespace petrel::ui {

namespace {

const char* const kPrefix = "memory:";

std::uint64_t nextNumber() {
    static std::uint64_t number = 0;
    return ++number;
}

wxString extensionFor(const std::string& mimeType) {
    if (mimeType == "image/png") return "png";
    if (mimeType == "image/gif") return "gif";
    if (mimeType == "image/jpeg" || mimeType == "image/jpg" || mimeType == "image/pjpeg") return "jpg";
    if (mimeType == "image/bmp") return "bmp";
    return "img";
}

}  // namespace

InlineImageStore::InlineImageStore() {
    static bool installed = false;
    if (!installed) {
        wxFileSystem::AddHandler(new wxMemoryFSHandler);
        // wxHtmlWindow decodes pictures through wxImage: the formats mail uses.
        if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
        if (!wxImage::FindHandler(wxBITMAP_TYPE_GIF)) wxImage::AddHandler(new wxGIFHandler);
        if (!wxImage::FindHandler(wxBITMAP_TYPE_JPEG)) wxImage::AddHandler(new wxJPEGHandler);
        installed = true;
    }
}

InlineImageStore::~InlineImageStore() {
    clear();
}

wxString InlineImageStore::add(const std::string& data, const std::string& mimeType) {
    const wxString name = wxString::Format(
        "petrel-image-%llu.%s", static_cast<unsigned long long>(nextNumber()), extensionFor(mimeType));
    wxMemoryFSHandler::AddFileWithMimeType(name, data.data(), data.size(), wxString::FromUTF8(mimeType));
    urls_.push_back(kPrefix + name);
    return urls_.back();
}

void InlineImageStore::clear() {
    for (const wxString& url : urls_) wxMemoryFSHandler::RemoveFile(url.Mid(wxStrlen(kPrefix)));
    urls_.clear();
}

bool InlineImageStore::exists(const wxString& url) {
    wxFileSystem fs;
    std::unique_ptr<wxFSFile> file(fs.OpenFile(url));
    return file != nullptr;
}

}  // namespace petrel::ui
