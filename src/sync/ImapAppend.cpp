#include "sync/ImapAppend.h"

#include "mime/AddressList.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"

namespace petrel::sync {

using model::Error;
using model::ErrorKind;

ImapAppend::ImapAppend(net::ImapSession& session, store::Db& db, std::int64_t accountId)
    : session_(session), db_(db), accountId_(accountId) {}

model::FolderInfo ImapAppend::ensureSpecialFolder(model::SpecialUse use, const std::string& fallbackName) {
    auto find = [&](const std::vector<model::FolderInfo>& tree) -> std::optional<model::FolderInfo> {
        for (const auto& f : tree)
            if (f.specialUse == use && f.selectable) return f;
        for (const auto& f : tree)
            if (mime::lowerAscii(f.path) == mime::lowerAscii(fallbackName) && f.selectable) return f;
        return std::nullopt;
    };
    if (auto f = find(refreshImapFolders(session_, db_, accountId_))) return *f;
    auto r = session_.tryExecute(net::ImapCommand("CREATE").addMailbox(fallbackName));
    if (!r.ok() && r.codeName() != "ALREADYEXISTS")
        throw Error(ErrorKind::Protocol,
                    "The IMAP server cannot create the folder '" + fallbackName + "': " + r.text);
    // Subscribed so that other mail clients show it too.
    session_.tryExecute(net::ImapCommand("SUBSCRIBE").addMailbox(fallbackName));
    if (auto f = find(refreshImapFolders(session_, db_, accountId_))) return *f;
    throw Error(ErrorKind::Protocol,
                "The folder '" + fallbackName + "' was created but the server does not list it");
}

std::optional<std::uint32_t> ImapAppend::findByMessageId(const model::FolderInfo& folder,
                                                         const std::string& messageId) {
    if (messageId.empty()) return std::nullopt;
    session_.select(folder.path, true, true);
    std::optional<std::uint32_t> found;
    session_.execute(net::ImapCommand("UID SEARCH HEADER Message-ID").addString(messageId),
                     [&](const net::ImapResponse& r) {
                         if (r.name != "SEARCH") return;
                         for (const auto& v : r.data)
                             if (auto n = static_cast<std::uint32_t>(v.number()); n && (!found || n > *found))
                                 found = n;
                     });
    return found;
}

ImapAppended ImapAppend::append(const model::FolderInfo& folder, const std::string& raw,
                                const std::string& flags, const std::string& messageId) {
    // APPEND of a selected mailbox is fine, but leave it so the server does not stream
    // EXISTS updates into later commands' responses.
    if (!session_.selectedPath().empty()) session_.unselect();
    auto r = session_.execute(
        net::ImapCommand("APPEND").addMailbox(folder.path).add("(" + flags + ")").addString(raw));
    ImapAppended out;
    out.path = folder.path;
    if (r.codeName() == "APPENDUID" && r.code.size() >= 3) {
        out.uidValidity = static_cast<std::uint32_t>(r.code[1].number());
        out.uid = static_cast<std::uint32_t>(r.code[2].number());
    } else if (auto uid = findByMessageId(folder, messageId)) {
        out.uid = *uid;
    }
    resync(folder);
    return out;
}

void ImapAppend::expunge(const model::FolderInfo& folder, std::uint32_t uid) {
    session_.select(folder.path, false);
    const std::string set = std::to_string(uid);
    session_.execute(net::ImapCommand("UID STORE").add(set).add("+FLAGS.SILENT (\\Deleted)"));
    if (session_.hasCapability("UIDPLUS"))
        session_.execute(net::ImapCommand("UID EXPUNGE").add(set));
    else
        session_.execute(net::ImapCommand("EXPUNGE"));
    store::MessageIndex(db_).removeUids(folder.id, {uid});
    store::FolderRepository(db_).recount(folder.id);
}

void ImapAppend::resync(const model::FolderInfo& folder) {
    ImapFolderSync(session_, db_).sync(folder.id);
}

}  // namespace petrel::sync
