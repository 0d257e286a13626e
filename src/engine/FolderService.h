#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "net/WireBytes.h"

namespace petrel::engine {

// Folder management for both front ends, run inside a job on the account's worker (the index
// through the worker's own connection). IMAP: the server first, the index only after its OK
// (sync::ImapFolderOps), bytes booked under "sync". POP3: the account's local folders.
// `password`: one the user just typed; nullopt = the account's password source. Throws
// model::Error (Usage for a refused name, INBOX, or a folder with subfolders without `recursive`).

struct FolderChange {
    std::optional<model::FolderInfo> folder;  // created: the new folder as the index holds it
    std::vector<std::string> paths;           // deleted: every path removed, deepest first
    net::WireBytes bytes;
};

FolderChange createFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& path, const std::optional<std::string>& password = {});
FolderChange deleteFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& path, bool recursive, const std::optional<std::string>& password = {});
// Children follow (their ids and cached parts are kept).
FolderChange renameFolder(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& from, const std::string& to,
                          const std::optional<std::string>& password = {});
// IMAP only (POP3 folders are local and always shown).
FolderChange setFolderSubscribed(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                 const std::string& path, bool subscribed,
                                 const std::optional<std::string>& password = {});

// Checks a name the user typed for one level of the hierarchy: not empty, no separator, no
// line break or IMAP wildcard. Returns an explanation, empty when the name is fine.
std::string folderNameProblem(const std::string& name, char separator);

}  // namespace petrel::engine
