#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/MessageService.h"
#include "model/PartInfo.h"

namespace petrel::store {
class Db;
}

namespace petrel::ui {

class EngineHost;
class JobTracker;

// The cid: pictures of an HTML message: the inline image parts its HTML refers to, each no
// larger than kMaxPartBytes, fetched through engine::writePart as one job when the message is
// shown (parts already in the part cache cost no bytes on the wire). Never asks the user for
// anything: the account's stored password is used, or the pictures stay out. UI thread only.
class InlineImages {
public:
    struct Picture {
        std::string contentId;  // without <>
        std::string mimeType;
        std::string data;
    };

    InlineImages(JobTracker& jobs, EngineHost& host, std::shared_ptr<store::Db> index);

    // The image parts of `message` that its HTML refers to by cid: and that are small enough.
    static std::vector<model::PartInfo> referencedParts(const engine::OpenedMessage& message,
                                                        const std::string& html);

    // Submits the fetch; `done` runs on the UI thread with what could be fetched, unless
    // cancel() or another load() came first. Returns false when there was nothing to fetch.
    bool load(const engine::OpenedMessage& message, const std::string& html,
              std::function<void(std::vector<Picture>)> done);
    void cancel() { ++generation_; }

    static constexpr std::uint64_t kMaxPartBytes = 1024 * 1024;

private:
    JobTracker& jobs_;
    EngineHost& host_;
    std::shared_ptr<store::Db> index_;
    std::uint64_t generation_ = 0;
};

}  // namespace petrel::ui
