#include "store/Outbox.h"

#include <fstream>
#include <sstream>

#include "model/Error.h"
#include "store/Db.h"

namespace petrel::store {

namespace {

#define PETREL_OUTBOX_COLUMNS                                                                                    \
    "id, account_id, raw_path, coalesce(length(raw_message), 0), envelope_from, recipients, created_at, attempts, " \
    "last_error, state"

OutboxState outboxStateFromString(const std::string& s) {
    if (s == "sending") return OutboxState::Sending;
    if (s == "sent") return OutboxState::Sent;
    if (s == "failed") return OutboxState::Failed;
    return OutboxState::Pending;
}

// One address per line: an envelope address cannot contain a line break.
std::string joinRecipients(const std::vector<std::string>& recipients) {
    std::string out;
    for (const auto& r : recipients) {
        if (r.empty() || r.find_first_of("\r\n") != std::string::npos)
            throw model::Error(model::ErrorKind::Usage, "invalid envelope recipient", r);
        if (!out.empty()) out += '\n';
        out += r;
    }
    return out;
}

std::vector<std::string> splitRecipients(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

OutboxItem readItem(const Stmt& st) {
    OutboxItem item;
    item.id = st.getInt64(0);
    item.accountId = st.getInt64(1);
    item.rawPath = st.getText(2);
    item.size = st.getUint64(3);
    item.envelopeFrom = st.getText(4);
    item.recipients = splitRecipients(st.getText(5));
    item.createdAt = st.getInt64(6);
    item.attempts = st.getUint32(7);
    item.lastError = st.getText(8);
    item.state = outboxStateFromString(st.getText(9));
    return item;
}

}  // namespace

std::string toString(OutboxState state) {
    switch (state) {
    case OutboxState::Pending: return "pending";
    case OutboxState::Sending: return "sending";
    case OutboxState::Sent: return "sent";
    case OutboxState::Failed: return "failed";
    }
    return "pending";
}

std::int64_t Outbox::insert(std::int64_t accountId, const std::string* raw, const std::string* path,
                            const std::string& envelopeFrom, const std::vector<std::string>& recipients,
                            std::int64_t now) {
    if (recipients.empty()) throw model::Error(model::ErrorKind::Usage, "a message to send needs a recipient");
    const std::string rcpts = joinRecipients(recipients);
    auto& st = db_.cached("INSERT INTO outbox (account_id, raw_path, raw_message, envelope_from, recipients, "
                          "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, accountId);
    if (path)
        st.bind(2, *path).bind(3, nullptr);
    else
        st.bind(2, nullptr).bindBlob(3, *raw);
    st.bind(4, envelopeFrom).bind(5, rcpts).bind(6, now);
    st.run();
    return db_.lastInsertRowId();
}

std::int64_t Outbox::enqueue(std::int64_t accountId, const std::string& rawMessage, const std::string& envelopeFrom,
                             const std::vector<std::string>& recipients, std::int64_t now) {
    return insert(accountId, &rawMessage, nullptr, envelopeFrom, recipients, now);
}

std::int64_t Outbox::enqueueFile(std::int64_t accountId, const std::string& rawPath, const std::string& envelopeFrom,
                                 const std::vector<std::string>& recipients, std::int64_t now) {
    if (rawPath.empty()) throw model::Error(model::ErrorKind::Usage, "outbox file path is empty");
    return insert(accountId, nullptr, &rawPath, envelopeFrom, recipients, now);
}

std::vector<OutboxItem> Outbox::select(const char* sql, std::int64_t key) {
    auto& st = db_.cached(sql);
    Stmt::ResetGuard guard(st);
    st.bind(1, key);
    std::vector<OutboxItem> out;
    while (st.step()) out.push_back(readItem(st));
    return out;
}

std::vector<OutboxItem> Outbox::pending(std::int64_t accountId) {
    return select("SELECT " PETREL_OUTBOX_COLUMNS " FROM outbox WHERE account_id = ?1 AND state = 'pending' ORDER BY id",
                  accountId);
}

std::vector<OutboxItem> Outbox::list(std::int64_t accountId) {
    return select("SELECT " PETREL_OUTBOX_COLUMNS " FROM outbox WHERE account_id = ?1 ORDER BY id", accountId);
}

std::vector<OutboxItem> Outbox::interrupted(std::int64_t accountId) {
    return select("SELECT " PETREL_OUTBOX_COLUMNS " FROM outbox WHERE account_id = ?1 AND state = 'sending' ORDER BY id",
                  accountId);
}

std::optional<OutboxItem> Outbox::find(std::int64_t id) {
    auto found = select("SELECT " PETREL_OUTBOX_COLUMNS " FROM outbox WHERE id = ?1", id);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::string Outbox::rawMessage(std::int64_t id) { return bytes(id, 0); }

std::string Outbox::head(std::int64_t id, std::size_t maxBytes) { return bytes(id, maxBytes == 0 ? 1 : maxBytes); }

std::string Outbox::bytes(std::int64_t id, std::size_t limit) {
    std::string path;
    {
        // substr() on a BLOB counts bytes: a list reading Subject lines never loads attachments.
        auto& st = db_.cached(
            "SELECT raw_path, CASE WHEN ?2 > 0 THEN substr(raw_message, 1, ?2) ELSE raw_message END "
            "FROM outbox WHERE id = ?1");
        Stmt::ResetGuard guard(st);
        st.bind(1, id);
        st.bind(2, static_cast<std::int64_t>(limit));
        if (!st.step()) throw model::Error(model::ErrorKind::NotFound, "no outbox message with id " + std::to_string(id));
        if (st.isNull(0)) return st.getBytes(1);
        path = st.getText(0);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw model::Error(model::ErrorKind::Storage, "the queued message file is missing", path);
    if (limit == 0) {
        std::ostringstream all;
        all << in.rdbuf();
        return all.str();
    }
    std::string out(limit, '\0');
    in.read(out.data(), static_cast<std::streamsize>(limit));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

void Outbox::changeState(const char* sql, std::int64_t id, const std::string* error) {
    auto& st = db_.cached(sql);
    st.bind(1, id);
    if (error) st.bind(2, *error);
    st.run();
    if (db_.changes() == 0)
        throw model::Error(model::ErrorKind::NotFound, "no outbox message with id " + std::to_string(id));
}

void Outbox::markSending(std::int64_t id) { changeState("UPDATE outbox SET state = 'sending' WHERE id = ?1", id, nullptr); }

void Outbox::markSent(std::int64_t id) {
    changeState("UPDATE outbox SET state = 'sent', last_error = '' WHERE id = ?1", id, nullptr);
}

void Outbox::recordFailure(std::int64_t id, const std::string& error) {
    changeState("UPDATE outbox SET attempts = attempts + 1, last_error = ?2, state = 'pending' WHERE id = ?1", id,
                &error);
}

void Outbox::markFailed(std::int64_t id, const std::string& error) {
    changeState("UPDATE outbox SET attempts = attempts + 1, last_error = ?2, state = 'failed' WHERE id = ?1", id,
                &error);
}

void Outbox::retry(std::int64_t id) { changeState("UPDATE outbox SET state = 'pending' WHERE id = ?1", id, nullptr); }

void Outbox::remove(std::int64_t id) { changeState("DELETE FROM outbox WHERE id = ?1", id, nullptr); }

}  // namespace petrel::store
