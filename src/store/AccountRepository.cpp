#include "store/AccountRepository.h"

#include "model/Error.h"
#include "store/Db.h"

namespace petrel::store {

namespace {

#define PETREL_ACCOUNT_COLUMNS                                                                           \
    "id, name, protocol, in_host, in_port, in_security, in_fingerprint, user_name, auth_command, "        \
    "allow_plaintext, compress, body_cap_bytes, mark_read_on_open, delete_policy, check_interval_seconds, " \
    "pop3_mode, leave_days, delete_on_local_delete, pop3_size_limit_kb, from_address, "                    \
    "smtp_host, smtp_port, smtp_security, smtp_fingerprint, signature"

std::string toString(model::DeletePolicy p) { return p == model::DeletePolicy::ExpungeNow ? "expunge" : "trash"; }

model::DeletePolicy deletePolicyFromString(const std::string& s) {
    return s == "expunge" ? model::DeletePolicy::ExpungeNow : model::DeletePolicy::MoveToTrash;
}

// Values 2..25 in the order of PETREL_ACCOUNT_COLUMNS after id (the UPDATE binds id as 1).
void bindConfig(Stmt& st, const model::AccountConfig& a) {
    st.bind(2, a.name)
        .bind(3, model::toString(a.protocol))
        .bind(4, a.incoming.host)
        .bind(5, static_cast<int>(a.incoming.port))
        .bind(6, model::toString(a.incoming.security))
        .bind(7, a.incoming.trustFingerprint)
        .bind(8, a.user)
        .bind(9, a.passwordCommand)
        .bind(10, a.allowPlaintext)
        .bind(11, a.compress)
        .bind(12, a.bodyCapBytes)
        .bind(13, a.markReadOnOpen)
        .bind(14, toString(a.deletePolicy))
        .bind(15, a.checkIntervalSeconds)
        .bind(16, model::toString(a.pop3Mode))
        .bind(17, a.leaveDays)
        .bind(18, a.deleteOnLocalDelete)
        .bind(19, a.pop3SizeLimitKb)
        .bind(20, a.fromAddress);
    if (a.smtp) {
        st.bind(21, a.smtp->host)
            .bind(22, static_cast<int>(a.smtp->port))
            .bind(23, model::toString(a.smtp->security))
            .bind(24, a.smtp->trustFingerprint);
    } else {
        st.bind(21, nullptr).bind(22, nullptr).bind(23, nullptr).bind(24, nullptr);
    }
    st.bind(25, a.signature);
}

model::Security securityOrTls(const std::string& s) {
    return model::securityFromString(s).value_or(model::Security::Tls);
}

model::AccountConfig readConfig(const Stmt& st) {
    model::AccountConfig a;
    a.id = st.getInt64(0);
    a.name = st.getText(1);
    a.protocol = model::protocolFromString(st.getText(2)).value_or(model::Protocol::Imap);
    a.incoming.host = st.getText(3);
    a.incoming.port = static_cast<std::uint16_t>(st.getInt(4));
    a.incoming.security = securityOrTls(st.getText(5));
    a.incoming.trustFingerprint = st.getText(6);
    a.user = st.getText(7);
    a.passwordCommand = st.getText(8);
    a.allowPlaintext = st.getBool(9);
    a.compress = st.getBool(10);
    a.bodyCapBytes = st.getUint32(11);
    a.markReadOnOpen = st.getBool(12);
    a.deletePolicy = deletePolicyFromString(st.getText(13));
    a.checkIntervalSeconds = st.getUint32(14);
    a.pop3Mode = model::pop3ModeFromString(st.getText(15)).value_or(model::Pop3Mode::Keep);
    a.leaveDays = st.getUint32(16);
    a.deleteOnLocalDelete = st.getBool(17);
    a.pop3SizeLimitKb = st.getUint32(18);
    a.fromAddress = st.getText(19);
    if (!st.isNull(20)) {
        model::ServerEndpoint smtp;
        smtp.host = st.getText(20);
        smtp.port = static_cast<std::uint16_t>(st.getInt(21));
        smtp.security = securityOrTls(st.getText(22));
        smtp.trustFingerprint = st.getText(23);
        a.smtp = smtp;
    }
    a.signature = st.getText(24);
    return a;
}

#define PETREL_ACCOUNT_SELECT "SELECT " PETREL_ACCOUNT_COLUMNS " FROM accounts "

}  // namespace

bool AccountRepository::nameTaken(const std::string& name, std::int64_t exceptId) {
    auto& st = db_.cached("SELECT 1 FROM accounts WHERE name = ?1 AND id <> ?2");
    Stmt::ResetGuard guard(st);
    st.bind(1, name).bind(2, exceptId);
    return st.step();
}

std::int64_t AccountRepository::add(const model::AccountConfig& account) {
    if (account.name.empty()) throw model::Error(model::ErrorKind::Usage, "an account needs a name");
    if (nameTaken(account.name, 0))
        throw model::Error(model::ErrorKind::Usage, "an account named " + account.name + " already exists");
    auto& st = db_.cached(
        "INSERT INTO accounts (name, protocol, in_host, in_port, in_security, in_fingerprint, user_name, "
        "auth_command, allow_plaintext, compress, body_cap_bytes, mark_read_on_open, delete_policy, "
        "check_interval_seconds, pop3_mode, leave_days, delete_on_local_delete, pop3_size_limit_kb, "
        "from_address, smtp_host, smtp_port, smtp_security, smtp_fingerprint, signature) "
        "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
        "?22, ?23, ?24, ?25)");
    bindConfig(st, account);
    st.run();
    return db_.lastInsertRowId();
}

void AccountRepository::update(const model::AccountConfig& account) {
    if (account.name.empty()) throw model::Error(model::ErrorKind::Usage, "an account needs a name");
    if (nameTaken(account.name, account.id))
        throw model::Error(model::ErrorKind::Usage, "an account named " + account.name + " already exists");
    auto& st = db_.cached(
        "UPDATE accounts SET name = ?2, protocol = ?3, in_host = ?4, in_port = ?5, in_security = ?6, "
        "in_fingerprint = ?7, user_name = ?8, auth_command = ?9, allow_plaintext = ?10, compress = ?11, "
        "body_cap_bytes = ?12, mark_read_on_open = ?13, delete_policy = ?14, check_interval_seconds = ?15, "
        "pop3_mode = ?16, leave_days = ?17, delete_on_local_delete = ?18, pop3_size_limit_kb = ?19, "
        "from_address = ?20, smtp_host = ?21, smtp_port = ?22, smtp_security = ?23, smtp_fingerprint = ?24, "
        "signature = ?25 WHERE id = ?1");
    st.bind(1, account.id);
    bindConfig(st, account);
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no account with id " + std::to_string(account.id));
}

void AccountRepository::remove(const std::string& name) {
    auto& st = db_.cached("DELETE FROM accounts WHERE name = ?1");
    st.bind(1, name);
    st.run();
    if (db_.changes() == 0) throw model::Error(model::ErrorKind::NotFound, "no account named " + name);
}

std::optional<model::AccountConfig> AccountRepository::findByName(const std::string& name) {
    auto& st = db_.cached(PETREL_ACCOUNT_SELECT "WHERE name = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, name);
    if (!st.step()) return std::nullopt;
    return readConfig(st);
}

std::optional<model::AccountConfig> AccountRepository::findById(std::int64_t id) {
    auto& st = db_.cached(PETREL_ACCOUNT_SELECT "WHERE id = ?1");
    Stmt::ResetGuard guard(st);
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    return readConfig(st);
}

std::vector<model::AccountConfig> AccountRepository::list() {
    auto& st = db_.cached(PETREL_ACCOUNT_SELECT "ORDER BY name COLLATE NOCASE, name, id");
    Stmt::ResetGuard guard(st);
    std::vector<model::AccountConfig> out;
    while (st.step()) out.push_back(readConfig(st));
    return out;
}

}  // namespace petrel::store
