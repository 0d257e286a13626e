#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/MessageSummary.h"
#include "model/OutgoingMessage.h"

namespace petrel::engine {

// Drafts beyond saveDraft/openDraft (SendService.h): removal and listing, for the CLI's
// `draft` commands and for sendMessage, which removes the draft a sent message came from.

// IMAP: \Deleted + UID EXPUNGE in the draft's folder; POP3: the local copy. The index follows.
void removeDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                 const model::DraftRef& draft, const std::optional<std::string>& password = {});

struct DraftList {
    std::string folder;
    std::vector<model::MessageSummary> drafts;  // newest first
};

// The drafts folder's messages (IMAP: synchronised first; created when missing).
DraftList listDrafts(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::optional<std::string>& password = {});

}  // namespace petrel::engine
