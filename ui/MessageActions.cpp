#include "MessageActions.h"

#include <wx/intl.h>

#include <memory>

#include "AccountJobs.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "JobTracker.h"
#include "engine/SafeFileName.h"
#include "engine/MessageTransfer.h"

namespace petrel::ui {

MessageActions::MessageActions(EngineHost& host, JobTracker& tracker) : host_(host), tracker_(tracker) {}

std::string MessageActions::emlFileName(const std::string& subject) {
    // A long subject makes an unwieldy file name: the first 80 bytes, cut at a character.
    std::string base = subject.substr(0, 80);
    if (base.size() < subject.size()) {
        // Drop a character the cut split: find where the last one starts and how long it is.
        std::size_t start = base.size();
        while (start > 0 && (static_cast<unsigned char>(base[start - 1]) & 0xC0) == 0x80) --start;
        if (start > 0) {
            const auto lead = static_cast<unsigned char>(base[start - 1]);
            const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (base.size() - (start - 1) < length) base.resize(start - 1);
        }
    }
    const auto last = base.find_last_not_of(" .");
    base = last == std::string::npos ? std::string() : base.substr(0, last + 1);
    return engine::safeFileName(base.empty() ? std::string("message") : base, "message") + ".eml";
}

std::optional<std::uint64_t> MessageActions::transfer(const std::vector<MessageRef>& messages,
                                                      const std::string& destination, bool move,
                                                      std::function<void(const Outcome&)> done) {
    if (messages.empty()) return std::nullopt;
    const model::AccountConfig& account = messages.front().account;
    struct Item {
        std::string path;
        std::uint32_t uid;
    };
    std::vector<Item> items;
    for (const auto& m : messages) items.push_back({m.folderPath, m.uid});
    auto outcome = std::make_shared<Outcome>();
    const wxString where = format::u8(destination);
    const std::size_t n = items.size();
    JobRequest request;
    request.accountId = account.id;
    request.lane = engine::Lane::Interactive;
    request.name = "sync";
    request.label = move ? wxString::Format(wxPLURAL("Moving %zu message to %s", "Moving %zu messages to %s", n), n, where)
                         : wxString::Format(wxPLURAL("Copying %zu message to %s", "Copying %zu messages to %s", n), n, where);
    request.doneLabel = move ? wxString::Format(wxPLURAL("Moved %zu message to %s.", "Moved %zu messages to %s.", n), n, where)
                             : wxString::Format(wxPLURAL("Copied %zu message to %s.", "Copied %zu messages to %s.", n), n, where);
    request.failureTitle = move ? _("Moving messages failed") : _("Copying messages failed");
    request.network = account.protocol == model::Protocol::Imap;
    request.run = AccountJobs::forAccount(
        host_.profile(), host_.secrets(), account, request.network,
        [items, destination, move, outcome](engine::JobContext& job, const engine::Profile& profile,
                                            const model::AccountConfig& acct,
                                            const std::optional<std::string>& password) {
            for (const auto& item : items) {
                job.cancel().throwIfCancelled();
                const auto r = engine::transferMessage(job, profile, acct, item.path, item.uid, destination, move,
                                                       password);
                ++outcome->done;
                if (r.queued) ++outcome->queued;
            }
        });
    request.onFinished = [outcome, done = std::move(done)](const std::optional<model::Error>& error) {
        outcome->error = error;
        if (done) done(*outcome);
    };
    return tracker_.submit(std::move(request));
}

std::optional<std::uint64_t> MessageActions::saveEml(const MessageRef& message, const std::string& path,
                                                     std::function<void(const Outcome&)> done) {
    auto outcome = std::make_shared<Outcome>();
    JobRequest request;
    request.accountId = message.account.id;
    request.lane = engine::Lane::Interactive;
    request.name = "open";
    request.label = _("Saving message");
    request.doneLabel = wxString::Format(_("Saved %s"), format::u8(path));
    request.failureTitle = _("Saving the message failed");
    // A POP3 message is saved from the local store (a header-only one is completed first).
    request.network = message.account.protocol == model::Protocol::Imap;
    request.run = AccountJobs::forAccount(
        host_.profile(), host_.secrets(), message.account, request.network,
        [folder = message.folderPath, uid = message.uid, path, outcome](
            engine::JobContext& job, const engine::Profile& profile, const model::AccountConfig& acct,
            const std::optional<std::string>& password) {
            engine::saveRawMessage(job, profile, acct, folder, uid, path, password);
            outcome->done = 1;
        });
    request.onFinished = [outcome, done = std::move(done)](const std::optional<model::Error>& error) {
        outcome->error = error;
        if (done) done(*outcome);
    };
    return tracker_.submit(std::move(request));
}

}  // namespace petrel::ui
