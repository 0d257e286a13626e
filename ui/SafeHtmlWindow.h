#pragma once
#include <wx/html/htmlwin.h>

#include <cstddef>
#include <functional>
#include <string>

namespace petrel::ui {

// An HTML pane that loads nothing by itself (DESIGN §5): wxHtmlWindow fetches http:// images
// once the wx net library is loaded, so every URL but memory: (inline parts put there by the
// view) is refused, and a clicked link opens in the user's browser, never in the pane.
class SafeHtmlWindow : public wxHtmlWindow {
public:
    explicit SafeHtmlWindow(wxWindow* parent, wxWindowID id = wxID_ANY);

    // How many loads were refused since the last SetPage (tests, and the "blocked" bar); cid:
    // references, refused until the view has the part in memory, do not count.
    std::size_t blockedLoads() const { return blocked_; }
    void resetBlockedLoads() { blocked_ = 0; }

    // Where a click would go; a test hook replaces the browser.
    std::function<void(const wxString& url)> openLink;

protected:
    wxHtmlOpeningStatus OnOpeningURL(wxHtmlURLType type, const wxString& url, wxString* redirect) const override;
    void OnLinkClicked(const wxHtmlLinkInfo& link) override;

private:
    mutable std::size_t blocked_ = 0;
};

// True when `html` refers to remote content a browser would load (http/https/ftp/protocol-
// relative URLs in src, background, url(...)).
bool referencesRemoteContent(const std::string& html);

}  // namespace petrel::ui
