#include "sync/ImapFolderList.h"

#include <map>
#include <set>

#include "mime/ModifiedUtf7.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/Txn.h"

namespace petrel::sync {

namespace {

using net::equalsIgnoreCase;
using net::ImapCommand;
using net::ImapResponse;

std::string folderName(const net::ImapValue& v) {
    std::string name = mime::decodeModifiedUtf7(v.str());
    if (equalsIgnoreCase(name, "INBOX")) name = "INBOX";
    return name;
}

ImapListedFolder fromList(const ImapResponse& r) {
    ImapListedFolder f;
    const auto& attrs = r.data[0];
    f.info.separator = r.data[1].str().empty() ? '/' : r.data[1].str()[0];
    f.info.path = folderName(r.data[2]);
    f.info.subscribed = false;
    for (const auto& a : attrs.items) {
        const std::string& s = a.str();
        if (equalsIgnoreCase(s, "\\Noselect")) f.info.selectable = false;
        else if (equalsIgnoreCase(s, "\\NonExistent")) {
            f.info.selectable = false;
            f.nonExistent = true;
        } else if (equalsIgnoreCase(s, "\\Subscribed")) f.info.subscribed = true;
        else if (equalsIgnoreCase(s, "\\HasChildren")) f.hasChildren = true;
        else if (equalsIgnoreCase(s, "\\Sent")) f.info.specialUse = model::SpecialUse::Sent;
        else if (equalsIgnoreCase(s, "\\Drafts")) f.info.specialUse = model::SpecialUse::Drafts;
        else if (equalsIgnoreCase(s, "\\Trash")) f.info.specialUse = model::SpecialUse::Trash;
        else if (equalsIgnoreCase(s, "\\Junk")) f.info.specialUse = model::SpecialUse::Junk;
        else if (equalsIgnoreCase(s, "\\Archive")) f.info.specialUse = model::SpecialUse::Archive;
        else if (equalsIgnoreCase(s, "\\All")) f.info.specialUse = model::SpecialUse::All;
        else if (equalsIgnoreCase(s, "\\Flagged")) f.info.specialUse = model::SpecialUse::Flagged;
    }
    if (f.info.path == "INBOX") f.info.specialUse = model::SpecialUse::Inbox;
    return f;
}

bool isListData(const ImapResponse& r, const char* name) {
    return r.name == name && r.data.size() >= 3 && r.data[0].isList();
}

}  // namespace

std::vector<ImapListedFolder> listImapFolders(net::ImapSession& session, const std::string& pattern) {
    std::vector<ImapListedFolder> out;
    const std::string encoded = mime::encodeModifiedUtf7(pattern);
    if (session.hasCapability("LIST-EXTENDED")) {
        ImapCommand cmd("LIST");
        cmd.addString("").addString(encoded);
        cmd.add(session.hasCapability("SPECIAL-USE") ? "RETURN (SUBSCRIBED SPECIAL-USE)" : "RETURN (SUBSCRIBED)");
        session.execute(cmd, [&](const ImapResponse& r) {
            if (isListData(r, "LIST")) out.push_back(fromList(r));
        });
        return out;
    }
    ImapCommand list("LIST");
    list.addString("").addString(encoded);
    session.execute(list, [&](const ImapResponse& r) {
        if (isListData(r, "LIST")) out.push_back(fromList(r));
    });
    std::set<std::string> subscribed;
    ImapCommand lsub("LSUB");
    lsub.addString("").addString(encoded);
    session.execute(lsub, [&](const ImapResponse& r) {
        if (isListData(r, "LSUB")) subscribed.insert(folderName(r.data[2]));
    });
    for (auto& f : out) f.info.subscribed = subscribed.count(f.info.path) > 0;
    return out;
}

std::vector<model::FolderInfo> refreshImapFolders(net::ImapSession& session, store::Db& db, std::int64_t accountId) {
    auto listed = listImapFolders(session);
    store::FolderRepository folders(db);
    store::Txn txn(db);
    std::set<std::string> seen;
    for (auto& f : listed) {
        if (f.nonExistent && !f.hasChildren) continue;  // subscribed but deleted: not a folder
        f.info.accountId = accountId;
        folders.upsert(f.info);
        seen.insert(f.info.path);
    }
    for (const auto& local : folders.list(accountId)) {
        if (!local.local && !seen.count(local.path)) folders.remove(local.id);
    }
    txn.commit();
    return folders.list(accountId);
}

model::FolderInfo findImapFolder(net::ImapSession* session, store::Db& db, const model::AccountConfig& account,
                                 const std::string& path) {
    store::FolderRepository folders(db);
    if (auto f = folders.find(account.id, path)) return *f;
    if (session) {
        refreshImapFolders(*session, db, account.id);
        if (auto f = folders.find(account.id, path)) return *f;
    }
    throw model::Error(model::ErrorKind::NotFound, "account '" + account.name + "' has no folder '" + path + "'");
}

}  // namespace petrel::sync
