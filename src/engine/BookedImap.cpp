#include "engine/BookedImap.h"

#include "store/ByteCounters.h"

namespace petrel::engine {

net::WireBytes withBookedImap(JobContext& job, store::Db& db, const model::AccountConfig& account,
                              const std::string& operation, const std::optional<std::string>& password,
                              const std::function<void(ImapJobSession&)>& body) {
    ImapJobSession session(account, job, password);
    auto finish = [&] {
        session.close();
        const net::WireBytes b = session.bytes();
        if (b.sent + b.received > 0) store::ByteCounters(db).add(account.id, operation, b.sent, b.received);
        return b;
    };
    try {
        body(session);
    } catch (...) {
        try {
            finish();
        } catch (...) {
            // The body's error is the one worth reporting.
        }
        throw;
    }
    return finish();
}

}  // namespace petrel::engine
