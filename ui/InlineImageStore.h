#pragma once
#include <wx/string.h>

#include <string>
#include <vector>

namespace petrel::ui {

// Pictures an HTML message shows from memory (its cid: parts, remote pictures the user loaded),
// registered with wxMemoryFSHandler under names of their own and removed again when the message
// view moves on, so nothing of one message stays reachable from the next. UI thread only.
class InlineImageStore {
public:
    InlineImageStore();
    ~InlineImageStore();
    InlineImageStore(const InlineImageStore&) = delete;
    InlineImageStore& operator=(const InlineImageStore&) = delete;

    // Registers `data` and returns its URL ("memory:petrel-image-7.png").
    wxString add(const std::string& data, const std::string& mimeType);
    // Unregisters every picture added since the last clear().
    void clear();
    const std::vector<wxString>& urls() const { return urls_; }

    // Whether the memory file system has `url` (tests).
    static bool exists(const wxString& url);

private:
    std::vector<wxString> urls_;
};

}  // namespace petrel::ui
