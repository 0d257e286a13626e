#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "RemoteContentFetcher.h"

namespace petrel::ui {

// The http(s) picture URLs of an HTML message as written in its src / background attributes
// (entities not decoded), each once, at most `limit`.
std::vector<std::string> remoteImageUrls(const std::string& html, std::size_t limit = 40);
// An attribute value as a URL to fetch (&amp; and friends decoded).
std::string decodeAttributeUrl(const std::string& raw);
// `html` with every occurrence of `from` replaced by `to`.
std::string replaceAll(std::string html, const std::string& from, const std::string& to);

// Fetches the remote pictures of ONE message after the user clicked "Load", on a thread of its
// own (never the UI thread); the result comes back on the UI thread. Cancelling (another
// message shown, the view destroyed) drops the result: what was fetched is never shown for
// another message.
class RemoteContent {
public:
    struct Result {
        std::vector<RemoteImage> images;  // url: the raw attribute value it replaces
        std::vector<std::string> errors;
    };

    RemoteContent();
    ~RemoteContent();
    RemoteContent(const RemoteContent&) = delete;
    RemoteContent& operator=(const RemoteContent&) = delete;

    // rawUrls: from remoteImageUrls. `done` runs on the UI thread unless cancelled first.
    void fetch(std::vector<std::string> rawUrls, std::function<void(Result)> done);
    void cancel();

    static constexpr std::size_t kMaxImageBytes = 4 * 1024 * 1024;
    static constexpr int kTimeoutSeconds = 20;

private:
    struct State {
        std::atomic<bool> cancelled{false};
    };
    std::shared_ptr<State> state_;
};

}  // namespace petrel::ui
