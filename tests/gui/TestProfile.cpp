#include "TestProfile.h"

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"

namespace petrel::guitest {

namespace {

// 2025-03-10 09:00:00 UTC; each message is some hours apart from the next.
constexpr std::int64_t kBase = 1741597200;

struct Mail {
    const char* from;
    const char* subject;
    std::int64_t hoursAfterBase;
    bool seen;
    bool flagged;
    bool attachment;
    std::uint64_t size;
};

const Mail kInbox[] = {
    {"\"Doe, Jane\" <jane@example.com>", "Quarterly report", 50, false, true, true, 182345},
    {"Bob Builder <bob@example.org>", "Re: Lunch on Friday?", 40, false, false, false, 3210},
    {"ci@build.example.com", "Build failed on main", 30, true, false, false, 8400},
    {"Accounts <billing@example.net>", "Invoice 2025-031", 20, true, false, true, 45120},
    {"Petrel <hello@petrel.example>", "Welcome to Petrel", 10, true, false, false, 1800},
};

model::MessageSummary summary(std::int64_t folderId, std::uint32_t uid, const Mail& mail, const char* to) {
    model::MessageSummary s;
    s.folderId = folderId;
    s.uid = uid;
    s.flags = 0;
    if (mail.seen) s.flags |= model::FlagSeen;
    if (mail.flagged) s.flags |= model::FlagFlagged;
    s.size = mail.size;
    s.date = kBase + mail.hoursAfterBase * 3600;
    s.internalDate = s.date + 30;
    s.from = mail.from;
    s.to = to;
    s.subject = mail.subject;
    s.messageId = "<" + std::to_string(folderId) + "." + std::to_string(uid) + "@test.petrel>";
    s.hasAttachment = mail.attachment;
    return s;
}

}  // namespace

const std::vector<std::string>& TestProfile::inboxSubjectsByDate() {
    static const std::vector<std::string> subjects = {"Quarterly report", "Re: Lunch on Friday?",
                                                      "Build failed on main", "Invoice 2025-031",
                                                      "Welcome to Petrel"};
    return subjects;
}

const std::vector<std::string>& TestProfile::inboxSubjectsBySubject() {
    static const std::vector<std::string> subjects = {"Build failed on main", "Invoice 2025-031",
                                                      "Re: Lunch on Friday?", "Quarterly report",
                                                      "Welcome to Petrel"};
    return subjects;
}

const char* TestProfile::cachedSubject() {
    return "Welcome to Petrel";
}
const char* TestProfile::cachedText() {
    return "Hello Alice,\n\nthis text is in the local index, so the reading pane shows it without a "
           "network.\n";
}

TestProfile::TestProfile() : profile_(dir_.path().string()) {
    profile_.ensureExists();
    store::Db db(profile_.databasePath());  // read-write: creates the schema
    store::AccountRepository accounts(db);
    store::FolderRepository folders(db);
    store::MessageIndex messages(db);

    model::AccountConfig work;
    work.name = "Work";
    work.protocol = model::Protocol::Imap;
    work.incoming = {"imap.example.com", 993, model::Security::Tls, {}};
    work.user = "alice@example.com";
    work.fromAddress = "Alice Example <alice@example.com>";
    workId = accounts.add(work);

    model::AccountConfig home;
    home.name = "Home";
    home.protocol = model::Protocol::Pop3;
    home.incoming = {"pop.example.net", 995, model::Security::Tls, {}};
    home.user = "bob";
    homeId = accounts.add(home);

    auto folder = [&](std::int64_t accountId, const char* path, model::SpecialUse use, bool local = false) {
        model::FolderInfo f;
        f.accountId = accountId;
        f.path = path;
        f.separator = '/';
        f.specialUse = use;
        f.local = local;
        return folders.upsert(f);
    };
    workInbox = folder(workId, "INBOX", model::SpecialUse::Inbox);
    workSent = folder(workId, "Sent", model::SpecialUse::Sent);
    workArchive2025 = folder(workId, "Archive/2025", model::SpecialUse::None);
    workDrafts = folder(workId, "Entw\xc3\xbcrfe", model::SpecialUse::Drafts);
    homeInbox = folder(homeId, "Inbox", model::SpecialUse::Inbox, true);

    std::vector<model::MessageSummary> batch;
    std::uint32_t uid = 1;
    for (const Mail& mail : kInbox) batch.push_back(summary(workInbox, uid++, mail, "alice@example.com"));
    batch.push_back(summary(
        workSent, 1, {"Alice Example <alice@example.com>", "Agenda for Monday", 5, true, false, false, 2048},
        "Team <team@example.com>"));
    batch.push_back(summary(workArchive2025, 1,
                            {"Carol <carol@example.com>", "Holiday photos", -300, true, false, true, 5242880},
                            "alice@example.com"));
    batch.push_back(summary(workArchive2025, 2,
                            {"Dave <dave@example.com>", "Old thread", -400, true, false, false, 900},
                            "alice@example.com"));
    batch.push_back(summary(
        homeInbox, 1, {"Mum <mum@example.net>", "Sunday dinner", 45, false, false, false, 1500}, "bob"));
    batch.push_back(summary(
        homeInbox, 2, {"Shop <orders@shop.example>", "Your order has shipped", 25, true, false, false, 7300},
        "bob"));
    batch.push_back(summary(
        homeInbox, 3, {"Club <news@club.example>", "Newsletter March", 15, true, false, true, 98000}, "bob"));
    messages.upsertBatch(batch);

    const auto cached = messages.find(workInbox, 5);
    messages.setCachedText(cached->id, cachedText(), false);

    for (auto id : {workInbox, workSent, workArchive2025, workDrafts, homeInbox}) folders.recount(id);
}

}  // namespace petrel::guitest
