#include "InlineImages.h"

#include <wx/intl.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "JobTracker.h"
#include "mime/BodyStructure.h"
#include "store/AccountRepository.h"
#include "store/Db.h"

namespace petrel::ui {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string bareContentId(std::string id) {
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
    return id;
}

}  // namespace

InlineImages::InlineImages(JobTracker& jobs, EngineHost& host, std::shared_ptr<store::Db> index)
    : jobs_(jobs), host_(host), index_(std::move(index)) {}

std::vector<model::PartInfo> InlineImages::referencedParts(const engine::OpenedMessage& message,
                                                           const std::string& html) {
    // The whole part tree from the index (the opened message lists only non-text parts, and for
    // POP3 only attachments); the attachments as a fallback when the index has no structure.
    std::vector<model::PartInfo> parts = mime::parseParts(message.summary.bodyStructure);
    if (parts.empty()) parts = message.attachments;
    const std::string lowerHtml = lower(html);
    std::vector<model::PartInfo> out;
    for (auto& part : parts) {
        const std::string id = bareContentId(part.contentId);
        if (id.empty() || part.mimeType.rfind("image/", 0) != 0 || part.size > kMaxPartBytes) continue;
        if (lowerHtml.find("cid:" + lower(id)) == std::string::npos) continue;
        part.contentId = id;
        out.push_back(std::move(part));
    }
    return out;
}

bool InlineImages::load(const engine::OpenedMessage& message, const std::string& html,
                        std::function<void(std::vector<Picture>)> done) {
    const std::uint64_t generation = ++generation_;
    const auto parts = referencedParts(message, html);
    if (parts.empty()) return false;
    std::optional<model::AccountConfig> account;
    try {
        account = store::AccountRepository(*index_).findById(message.folder.accountId);
    } catch (const std::exception&) {
        return false;  // the index read failed: the message shows without its pictures
    }
    if (!account) return false;
    auto pictures = std::make_shared<std::vector<Picture>>();
    JobRequest request;
    request.accountId = account->id;
    request.lane = engine::Lane::Interactive;
    request.name = "attachment";
    request.label = _("Loading pictures");
    request.doneLabel = _("Pictures loaded");
    request.failureTitle = _("Loading the message's pictures failed");
    request.network = account->protocol == model::Protocol::Imap;
    request.run = [pictures, parts, account = *account, profile = host_.profile(), path = message.folder.path,
                   uid = message.summary.uid](engine::JobContext& job) {
        for (const auto& part : parts) {
            job.cancel().throwIfCancelled();
            std::ostringstream out;
            engine::writePart(job, profile, account, path, uid, part.section, std::nullopt, out);
            pictures->push_back({part.contentId, part.mimeType, out.str()});
        }
    };
    request.onFinished = [this, generation, pictures,
                          done = std::move(done)](const std::optional<model::Error>&) {
        // Whatever was fetched before a failure still shows; the error bar tells the rest.
        if (generation == generation_) done(std::move(*pictures));
    };
    return jobs_.submit(std::move(request)).has_value();
}

}  // namespace petrel::ui
