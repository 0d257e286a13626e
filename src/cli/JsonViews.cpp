#include "cli/JsonViews.h"

#include <ctime>

namespace petrel::cli {

std::string isoTime(std::int64_t epochSeconds) {
    if (epochSeconds == 0) return "";
    std::time_t t = static_cast<std::time_t>(epochSeconds);
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json toJson(const model::AccountConfig& a) {
    nlohmann::json j = {
        {"name", a.name},
        {"protocol", model::toString(a.protocol)},
        {"host", a.incoming.host},
        {"port", a.incoming.port},
        {"security", model::toString(a.incoming.security)},
        {"user", a.user},
        {"trust_fingerprint", a.incoming.trustFingerprint},
        {"password_source", a.passwordCommand.empty() ? "keyring" : "command"},
        {"allow_plaintext", a.allowPlaintext},
        {"compress", a.compress},
        {"from", a.fromAddress},
        {"signature", a.signature},
    };
    if (a.protocol == model::Protocol::Pop3) {
        j["pop3_mode"] = model::toString(a.pop3Mode);
        j["leave_days"] = a.leaveDays;
        j["delete_on_local_delete"] = a.deleteOnLocalDelete;
    }
    if (a.smtp) {
        j["smtp"] = {{"host", a.smtp->host},
                     {"port", a.smtp->port},
                     {"security", model::toString(a.smtp->security)},
                     {"trust_fingerprint", a.smtp->trustFingerprint}};
    }
    return j;
}

nlohmann::json toJson(const model::FolderInfo& f) {
    return {{"path", f.path},
            {"separator", std::string(1, f.separator)},
            {"special_use", model::toString(f.specialUse)},
            {"subscribed", f.subscribed},
            {"local", f.local},
            {"total", f.total},
            {"unread", f.unread}};
}

nlohmann::json toJson(const model::MessageSummary& m) {
    return {{"uid", m.uid},
            {"flags", model::flagsToString(m.flags)},
            {"unread", m.unread()},
            {"flagged", (m.flags & model::FlagFlagged) != 0},
            {"size", m.size},
            {"date", isoTime(m.date)},
            {"internal_date", isoTime(m.internalDate)},
            {"from", m.from},
            {"to", m.to},
            {"cc", m.cc},
            {"subject", m.subject},
            {"message_id", m.messageId},
            {"in_reply_to", m.inReplyTo},
            {"has_attachment", m.hasAttachment},
            {"header_only", (m.cacheState & model::CachedText) == 0}};
}

}  // namespace petrel::cli
