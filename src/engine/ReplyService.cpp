// prepareReply and prepareForward of SendService.h.
#include <sstream>

#include "engine/BookedImap.h"
#include "engine/ForwardSource.h"
#include "engine/ImapJobSession.h"
#include "engine/MessageService.h"
#include "engine/SendIdentity.h"
#include "engine/SendService.h"
#include "engine/WorkerDatabase.h"
#include "mime/AddressList.h"
#include "mime/HeaderLookup.h"
#include "mime/ReplyQuoting.h"
#include "mime/SubjectPrefix.h"
#include "net/ImapSession.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

// Enough of the original for quoting; the cap only bounds a pathological text part.
constexpr std::uint32_t kQuoteCap = 1024 * 1024;

// The viewer's text may be HTML when the message has no plain part: quote its words only.
std::string plainOf(const OpenedMessage& m) {
    if (m.textType.find("html") == std::string::npos) return m.text;
    std::string out;
    bool inTag = false;
    for (const char c : m.text) {
        if (c == '<')
            inTag = true;
        else if (c == '>')
            inTag = false;
        else if (!inTag)
            out += c;
    }
    return out;
}

// Reply-To is not in the index's summary: read just that header field (IMAP: a few hundred
// bytes with BODY.PEEK, booked under "open"; POP3: the local copy). A list or a sender that
// names a Reply-To gets the answer there (RFC 5322 §3.6.3).
std::string replyToOf(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                      const OpenedMessage& original, const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    if (account.protocol == model::Protocol::Pop3) {
        auto raw = sync::LocalMailbox(db, profile.cacheDirectory()).storedBytes(original.summary.id);
        return raw ? mime::headerFieldValue(*raw, "Reply-To") : std::string();
    }
    std::string header;
    withBookedImap(job, db, account, "open", password, [&](ImapJobSession& session) {
        auto& imap = session.get();
        imap.select(original.folder.path, true);
        imap.execute(net::ImapCommand("UID FETCH")
                         .add(std::to_string(original.summary.uid))
                         .add("(UID BODY.PEEK[HEADER.FIELDS (REPLY-TO)])"),
                     [&](const net::ImapResponse& r) {
                         if (r.name != "FETCH" || r.data.empty()) return;
                         // The only string among the FETCH items is the header literal.
                         for (const auto& item : r.data[0].items)
                             if (item.kind == net::ImapValue::Kind::String) header = item.text;
                     });
    });
    return mime::headerFieldValue(header, "Reply-To");
}

bool contains(const std::vector<std::string>& lowerList, const std::string& address) {
    const std::string a = mime::lowerAscii(address);
    for (const auto& x : lowerList)
        if (x == a) return true;
    return false;
}

}  // namespace

model::OutgoingMessage prepareReply(JobContext& job, const Profile& profile,
                                    const model::AccountConfig& account, const std::string& folderPath,
                                    std::uint32_t uid, ReplyKind kind,
                                    const std::optional<std::string>& password) {
    auto original = openMessage(job, profile, account, folderPath, uid, kQuoteCap, password);
    const auto& s = original.summary;
    const auto own = ownAddresses(account);
    model::OutgoingMessage reply;
    reply.accountId = account.id;
    std::vector<std::string> taken = own;  // lower-case addresses already placed (or ours)
    auto place = [&](std::vector<std::string>& into, const mime::Address& a) {
        if (contains(taken, a.address)) return;
        taken.push_back(mime::lowerAscii(a.address));
        into.push_back(mime::formatAddress(a));
    };
    const auto from = mime::parseAddresses(s.from, false);
    const bool fromUs = !from.empty() && contains(own, from.front().address);
    const auto replyTo =
        fromUs ? std::vector<mime::Address>{}
               : mime::parseAddresses(replyToOf(job, profile, account, original, password), false);
    // Answering one's own message (from Sent) goes to its recipients, not back to oneself.
    if (fromUs) {
        for (const auto& a : mime::parseAddresses(s.to, false)) place(reply.to, a);
    } else {
        for (const auto& a : replyTo.empty() ? from : replyTo) place(reply.to, a);
        if (reply.to.empty())
            for (const auto& a : from) place(reply.to, a);  // a Reply-To naming only us
    }
    if (kind == ReplyKind::All) {
        if (!fromUs) {
            // The author too when Reply-To pointed elsewhere (a list): "all" means everyone.
            for (const auto& a : from) place(reply.to, a);
            for (const auto& a : mime::parseAddresses(s.to, false)) place(reply.to, a);
        }
        for (const auto& a : mime::parseAddresses(s.cc, false)) place(reply.cc, a);
    }
    reply.subject = mime::replySubject(s.subject);
    reply.body = mime::attributionLine(s.date, s.from) + "\n" + mime::quoteText(plainOf(original)) + "\n";
    reply.inReplyTo = mime::normalizeMessageId(s.messageId);
    reply.references = mime::replyReferences(s.references, s.inReplyTo, s.messageId);
    return reply;
}

model::OutgoingMessage prepareForward(JobContext& job, const Profile& profile,
                                      const model::AccountConfig& account, const std::string& folderPath,
                                      std::uint32_t uid, ForwardKind kind,
                                      const std::optional<std::string>& password) {
    auto original = openMessage(job, profile, account, folderPath, uid, kQuoteCap, password);
    const auto& s = original.summary;
    model::OutgoingMessage forward;
    forward.accountId = account.id;
    forward.subject = mime::forwardSubject(s.subject);
    if (kind == ForwardKind::AsAttachment) {
        model::OutgoingAttachment a;
        a.data = fetchRawMessage(job, profile, account, folderPath, uid, password);
        std::string name = mime::stripSubjectPrefixes(s.subject);
        for (auto& c : name)
            if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 0x20) c = '_';
        a.fileName = (name.empty() ? std::string("message") : name) + ".eml";
        a.contentType = "message/rfc822";
        a.size = a.data.size();
        forward.attachments.push_back(std::move(a));
        forward.body = "\n";
        return forward;
    }
    std::ostringstream body;
    body << "\n\n-------- Forwarded Message --------\n";
    body << "Subject: " << s.subject << "\n";
    if (s.date > 0) body << "Date: " << mime::formatMailDate(s.date) << "\n";
    body << "From: " << s.from << "\n";
    if (!s.to.empty()) body << "To: " << s.to << "\n";
    if (!s.cc.empty()) body << "Cc: " << s.cc << "\n";
    body << "\n" << plainOf(original);
    forward.body = body.str();
    if (!forward.body.empty() && forward.body.back() != '\n') forward.body += '\n';
    for (const auto& part : original.attachments) {
        std::ostringstream bytes;
        writePart(job, profile, account, folderPath, uid, part.section, std::nullopt, bytes, password);
        model::OutgoingAttachment a;
        a.data = bytes.str();
        a.fileName = part.fileName.empty() ? "part-" + part.section : part.fileName;
        a.contentType = part.mimeType;
        a.size = a.data.size();
        forward.attachments.push_back(std::move(a));
    }
    return forward;
}

}  // namespace petrel::engine
