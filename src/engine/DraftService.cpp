// saveDraft and openDraft of SendService.h, and the DraftService.h helpers.
#include "engine/DraftService.h"

#include "engine/BookedImap.h"
#include "engine/ForwardSource.h"
#include "engine/ImapJobSession.h"
#include "engine/SendIdentity.h"
#include "engine/SendService.h"
#include "engine/SentCopy.h"
#include "engine/WorkerDatabase.h"
#include "mime/AddressList.h"
#include "mime/FormatFlowed.h"
#include "mime/HeaderLookup.h"
#include "mime/MessageComposer.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PageQuery.h"
#include "sync/ImapAppend.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

// Drafts can be long; the cap only bounds a hostile one.
constexpr std::size_t kDraftTextCap = 8 * 1024 * 1024;

std::vector<std::string> addressesOf(const std::string& header) {
    std::vector<std::string> out;
    for (const auto& a : mime::parseAddresses(header, false)) out.push_back(mime::formatAddress(a));
    return out;
}

}  // namespace

model::DraftRef saveDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const model::OutgoingMessage& message, const std::optional<std::string>& password) {
    auto settings = composeSettingsFor(account);
    settings.keepBcc = true;
    settings.requireRecipient = false;
    auto composed = mime::composeMessage(message, settings);
    store::Db& db = workerDatabase(job, profile);
    auto stored = storeOwnMessage(job, profile, db, account, model::SpecialUse::Drafts, composed.raw,
                                  composed.messageId, password);
    model::DraftRef ref{stored.folder, stored.uid};
    if (message.replacesDraft.valid() &&
        !(message.replacesDraft.folderPath == ref.folderPath && message.replacesDraft.uid == ref.uid)) {
        removeDraft(job, profile, account, message.replacesDraft, password);
    }
    return ref;
}

model::OutgoingMessage openDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                                 const model::DraftRef& draft, const std::optional<std::string>& password) {
    if (!draft.valid()) throw Error(ErrorKind::Usage, "no draft given");
    const std::string raw = fetchRawMessage(job, profile, account, draft.folderPath, draft.uid, password);
    const auto parsed = mime::parseMessage(raw, kDraftTextCap);
    model::OutgoingMessage m;
    m.accountId = account.id;
    m.from = parsed.summary.from;
    m.to = addressesOf(parsed.summary.to);
    m.cc = addressesOf(parsed.summary.cc);
    m.bcc = addressesOf(mime::headerFieldValue(raw, "Bcc"));
    m.subject = parsed.summary.subject;
    m.body = mime::decodeFlowed(parsed.text);
    m.inReplyTo = parsed.summary.inReplyTo;
    m.references = parsed.summary.references;
    for (const auto& part : parsed.parts) {
        if (!part.attachment || part.section == parsed.textSection) continue;
        auto bytes = mime::extractPart(raw, part.section, true);
        if (!bytes) continue;
        model::OutgoingAttachment a;
        a.data = std::move(*bytes);
        a.fileName = part.fileName;
        a.contentType = part.mimeType;
        a.size = a.data.size();
        m.attachments.push_back(std::move(a));
    }
    m.replacesDraft = draft;
    return m;
}

void removeDraft(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                 const model::DraftRef& draft, const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    if (account.protocol == model::Protocol::Pop3) {
        sync::LocalMailbox mailbox(db, profile.cacheDirectory());
        auto folder = mailbox.requireFolder(account.id, draft.folderPath);
        auto m = store::MessageIndex(db).find(folder.id, draft.uid);
        if (!m) throw Error(ErrorKind::NotFound, "no draft with uid " + std::to_string(draft.uid));
        mailbox.remove(m->id);
        return;
    }
    withBookedImap(job, db, account, "send", password, [&](ImapJobSession& session) {
        auto folder = sync::findImapFolder(&session.get(), db, account, draft.folderPath);
        sync::ImapAppend(session.get(), db, account.id).expunge(folder, draft.uid);
    });
}

DraftList listDrafts(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    model::FolderInfo folder;
    if (account.protocol == model::Protocol::Pop3) {
        folder = ensureLocalSpecialFolder(db, profile, account.id, model::SpecialUse::Drafts);
    } else {
        withBookedImap(job, db, account, "send", password, [&](ImapJobSession& session) {
            sync::ImapAppend append(session.get(), db, account.id);
            folder = append.ensureSpecialFolder(model::SpecialUse::Drafts,
                                                folderNameFor(model::SpecialUse::Drafts));
            sync::ImapFolderSync(session.get(), db).sync(folder.id);
        });
    }
    DraftList out;
    out.folder = folder.path;
    store::PageQuery q;
    q.folderId = folder.id;
    q.limit = 1000;
    out.drafts = store::MessageIndex(db).page(q);
    return out;
}

}  // namespace petrel::engine
