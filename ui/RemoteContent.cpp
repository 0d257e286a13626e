#include "RemoteContent.h"

#include <wx/app.h>
#include <wx/socket.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <thread>

namespace petrel::ui {

std::vector<std::string> remoteImageUrls(const std::string& html, std::size_t limit) {
    std::string lower(html.size(), '\0');
    std::transform(html.begin(), html.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::vector<std::string> urls;
    std::set<std::string> seen;
    for (const std::string attr : {"src", "background"}) {
        std::size_t pos = 0;
        while ((pos = lower.find(attr, pos)) != std::string::npos && urls.size() < limit) {
            const bool wordStart = pos > 0 && (std::isspace(static_cast<unsigned char>(lower[pos - 1])) != 0);
            pos += attr.size();
            if (!wordStart) continue;
            std::size_t p = pos;
            while (p < lower.size() && std::isspace(static_cast<unsigned char>(lower[p]))) ++p;
            if (p >= lower.size() || lower[p] != '=') continue;
            ++p;
            while (p < lower.size() && std::isspace(static_cast<unsigned char>(lower[p]))) ++p;
            char quote = 0;
            if (p < lower.size() && (lower[p] == '"' || lower[p] == '\'')) quote = lower[p++];
            std::size_t end = p;
            while (end < lower.size() &&
                   (quote ? lower[end] != quote
                          : !std::isspace(static_cast<unsigned char>(lower[end])) && lower[end] != '>'))
                ++end;
            const std::string value = html.substr(p, end - p);
            const std::string l = lower.substr(p, 8);
            if ((l.rfind("http://", 0) == 0 || l.rfind("https://", 0) == 0) && seen.insert(value).second)
                urls.push_back(value);
            pos = end;
        }
    }
    return urls;
}

std::string decodeAttributeUrl(const std::string& raw) {
    std::string out = replaceAll(raw, "&amp;", "&");
    out = replaceAll(out, "&#38;", "&");
    return out;
}

std::string replaceAll(std::string html, const std::string& from, const std::string& to) {
    if (from.empty()) return html;
    std::size_t pos = 0;
    while ((pos = html.find(from, pos)) != std::string::npos) {
        html.replace(pos, from.size(), to);
        pos += to.size();
    }
    return html;
}

RemoteContent::RemoteContent() : state_(std::make_shared<State>()) {
    // wx sockets used from other threads need the socket layer set up on the main thread.
    if (!wxSocketBase::IsInitialized()) wxSocketBase::Initialize();
}

RemoteContent::~RemoteContent() {
    cancel();
}

void RemoteContent::cancel() {
    state_->cancelled = true;
    state_ = std::make_shared<State>();
}

void RemoteContent::fetch(std::vector<std::string> rawUrls, std::function<void(Result)> done) {
    cancel();
    auto state = state_;
    // Detached: a slow server must not hold up closing the window; the result is dropped then.
    std::thread([state, rawUrls = std::move(rawUrls), done = std::move(done)]() mutable {
        Result result;
        for (const auto& raw : rawUrls) {
            if (state->cancelled) return;
            std::string error;
            if (auto image =
                    fetchRemoteImage(decodeAttributeUrl(raw), kMaxImageBytes, kTimeoutSeconds, error)) {
                image->url = raw;
                result.images.push_back(std::move(*image));
            } else {
                result.errors.push_back(decodeAttributeUrl(raw) + ": " + error);
            }
        }
        if (state->cancelled || !wxTheApp) return;
        wxTheApp->CallAfter([state, result = std::move(result), done = std::move(done)]() mutable {
            if (!state->cancelled) done(std::move(result));
        });
    }).detach();
}

}  // namespace petrel::ui
