#pragma once
#include <wx/string.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "model/Flags.h"

namespace petrel::ui {

class EngineHost;
class JobTracker;

// Where a listed message lives, for jobs.
struct MessageRef {
    model::AccountConfig account;
    std::string folderPath;
    std::uint32_t uid = 0;
    std::int64_t messageId = 0;
    model::Flags flags = 0;
};

// Moving, copying and saving whole messages from the main window: one engine job per request
// on the account's worker (engine/MessageTransfer), the user answering password and
// certificate questions. The index changes only after the server's OK (or the operation was
// queued because the server could not be reached); the caller re-reads the panes in `done`.
class MessageActions {
public:
    MessageActions(EngineHost& host, JobTracker& tracker);

    struct Outcome {
        std::size_t done = 0;    // messages moved/copied (or saved)
        std::size_t queued = 0;  // of those, queued for the next sync
        std::optional<model::Error> error;
    };

    // All of `messages` must belong to one account (the frame checks; a drop from another
    // account is refused there). Returns the job id, nullopt when nothing was submitted.
    std::optional<std::uint64_t> transfer(const std::vector<MessageRef>& messages, const std::string& destination,
                                          bool move, std::function<void(const Outcome&)> done);

    // The whole message as the server has it (.eml) into `path`.
    std::optional<std::uint64_t> saveEml(const MessageRef& message, const std::string& path,
                                         std::function<void(const Outcome&)> done);

    // A file name for a message: its subject made safe, ".eml" appended.
    static std::string emlFileName(const std::string& subject);

private:
    EngineHost& host_;
    JobTracker& tracker_;
};

}  // namespace petrel::ui
