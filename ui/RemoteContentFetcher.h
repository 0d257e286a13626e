#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace petrel::ui {

// One remote picture of an HTML message, fetched only after the user asked for it (RemoteContent).
struct RemoteImage {
    std::string url;
    std::string mimeType;  // "image/png", from Content-Type
    std::string data;
};

// A plain HTTP/1.0 GET for http:// and https:// (GnuTLS with the system's roots and a host
// name check) on the calling thread, which must not be the UI thread. No cookies, no Referer.
// Follows up to three redirects; anything that is not an image, or larger than maxBytes, or
// slower than timeoutSeconds per read, gives nullopt with `error` set.
std::optional<RemoteImage> fetchRemoteImage(const std::string& url, std::size_t maxBytes, int timeoutSeconds,
                                            std::string& error);

}  // namespace petrel::ui
