#include "engine/BookedImap.h"

#include "engine/WireBooking.h"

namespace petrel::engine {

net::WireBytes withBookedImap(JobContext& job, store::Db& db, const model::AccountConfig& account,
                              const std::string& operation, const std::optional<std::string>& password,
                              const std::function<void(ImapJobSession&)>& body) {
    ImapJobSession session(account, job, password);
    return runBooked(
        db, account, operation,
        [&session] {
            session.close();
            return session.bytes();
        },
        [&] { body(session); });
}

}  // namespace petrel::engine
