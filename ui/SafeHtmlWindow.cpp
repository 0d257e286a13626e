#include "SafeHtmlWindow.h"

#include <wx/utils.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace petrel::ui {

SafeHtmlWindow::SafeHtmlWindow(wxWindow* parent, wxWindowID id)
    : wxHtmlWindow(parent, id, wxDefaultPosition, wxDefaultSize, wxHW_SCROLLBAR_AUTO) {
    SetName("SafeHtmlWindow");
    openLink = [](const wxString& url) { wxLaunchDefaultBrowser(url); };
}

wxHtmlOpeningStatus SafeHtmlWindow::OnOpeningURL(wxHtmlURLType, const wxString& url, wxString*) const {
    const wxString lower = url.Lower();
    if (lower.StartsWith("memory:")) return wxHTML_OPEN;
    // An inline part the view has not put into memory yet (InlineImages): refused, but it is no
    // remote content.
    if (lower.StartsWith("cid:")) return wxHTML_BLOCK;
    ++blocked_;
    return wxHTML_BLOCK;
}

void SafeHtmlWindow::OnLinkClicked(const wxHtmlLinkInfo& link) {
    const wxString url = link.GetHref();
    const wxString lower = url.Lower();
    // Only what a browser should handle; never javascript:, file: or in-pane navigation.
    if (!(lower.StartsWith("http://") || lower.StartsWith("https://") || lower.StartsWith("mailto:"))) return;
    if (openLink) openLink(url);
}

bool referencesRemoteContent(const std::string& html) {
    std::string lower(html.size(), '\0');
    std::transform(html.begin(), html.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* attr : {"src", "background", "url(", "srcset", "poster"}) {
        std::size_t pos = 0;
        const std::string a = attr;
        while ((pos = lower.find(a, pos)) != std::string::npos) {
            pos += a.size();
            std::size_t p = pos;
            while (p < lower.size() && (lower[p] == ' ' || lower[p] == '=' || lower[p] == '"' || lower[p] == '\'' ||
                                        lower[p] == '\t' || lower[p] == '\n' || lower[p] == '\r'))
                ++p;
            const std::string rest = lower.substr(p, 8);
            if (rest.rfind("http://", 0) == 0 || rest.rfind("https://", 0) == 0 || rest.rfind("ftp://", 0) == 0 ||
                rest.rfind("//", 0) == 0)
                return true;
        }
    }
    return false;
}

}  // namespace petrel::ui
