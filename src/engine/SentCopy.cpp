#include "engine/SentCopy.h"

#include "engine/BookedImap.h"
#include "engine/ImapJobSession.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/Stmt.h"
#include "sync/ImapAppend.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

const char* imapFlagsFor(model::SpecialUse use) {
    return use == model::SpecialUse::Drafts ? "\\Draft \\Seen" : "\\Seen";
}

model::Flags localFlagsFor(model::SpecialUse use) {
    return use == model::SpecialUse::Drafts ? (model::FlagDraft | model::FlagSeen) : model::FlagSeen;
}

}  // namespace

const char* folderNameFor(model::SpecialUse use) {
    return use == model::SpecialUse::Drafts ? "Drafts" : "Sent";
}

void bookSendBytes(store::Db& db, const model::AccountConfig& account, const net::WireBytes& b) {
    if (b.sent + b.received > 0) store::ByteCounters(db).add(account.id, "send", b.sent, b.received);
}

model::FolderInfo ensureLocalSpecialFolder(store::Db& db, const Profile& profile, std::int64_t accountId,
                                           model::SpecialUse use) {
    store::FolderRepository folders(db);
    for (const auto& f : folders.list(accountId))
        if (f.specialUse == use) return f;
    const std::string name = folderNameFor(use);
    auto folder = folders.find(accountId, name);
    if (!folder) folder = sync::LocalMailbox(db, profile.cacheDirectory()).createFolder(accountId, name);
    folder->specialUse = use;
    folders.upsert(*folder);
    return *folders.findById(folder->id);
}

StoredMessage storeOwnMessage(JobContext& job, const Profile& profile, store::Db& db,
                              const model::AccountConfig& account, model::SpecialUse use,
                              const std::string& raw, const std::string& messageId,
                              const std::optional<std::string>& password) {
    StoredMessage out;
    if (account.protocol == model::Protocol::Pop3) {
        auto folder = ensureLocalSpecialFolder(db, profile, account.id, use);
        sync::LocalMailbox mailbox(db, profile.cacheDirectory());
        const auto id = mailbox.add(folder.id, raw, true, account.bodyCapBytes, localFlagsFor(use));
        out.folder = folder.path;
        out.uid = store::MessageIndex(db).findById(id)->uid;
        return out;
    }
    out.bytes = withBookedImap(job, db, account, "send", password, [&](ImapJobSession& session) {
        sync::ImapAppend append(session.get(), db, account.id);
        auto folder = append.ensureSpecialFolder(use, folderNameFor(use));
        auto appended = append.append(folder, raw, imapFlagsFor(use), messageId);
        out.folder = appended.path;
        out.uid = appended.uid;
    });
    return out;
}

bool sentCopyExists(JobContext& job, const Profile& profile, store::Db& db,
                    const model::AccountConfig& account, const std::string& messageId,
                    const std::optional<std::string>& password, net::WireBytes& used) {
    if (messageId.empty()) return false;
    if (account.protocol == model::Protocol::Pop3) {
        auto folder = ensureLocalSpecialFolder(db, profile, account.id, model::SpecialUse::Sent);
        store::Stmt st =
            db.prepare("SELECT 1 FROM messages WHERE folder_id = ?1 AND header_message_id = ?2 LIMIT 1");
        st.bind(1, folder.id).bind(2, messageId);
        return st.step();
    }
    bool found = false;
    used += withBookedImap(job, db, account, "send", password, [&](ImapJobSession& session) {
        sync::ImapAppend append(session.get(), db, account.id);
        auto folder =
            append.ensureSpecialFolder(model::SpecialUse::Sent, folderNameFor(model::SpecialUse::Sent));
        found = append.findByMessageId(folder, messageId).has_value();
    });
    return found;
}

}  // namespace petrel::engine
