#include "engine/WireBooking.h"

#include "store/ByteCounters.h"

namespace petrel::engine {
namespace {

net::WireBytes book(store::Db& db, const model::AccountConfig& account, const std::string& operation,
                    const std::function<net::WireBytes()>& bytesUsed) {
    const net::WireBytes b = bytesUsed();
    if (b.sent + b.received > 0) store::ByteCounters(db).add(account.id, operation, b.sent, b.received);
    return b;
}

}  // namespace

net::WireBytes runBooked(store::Db& db, const model::AccountConfig& account, const std::string& operation,
                         const std::function<net::WireBytes()>& bytesUsed, const std::function<void()>& work) {
    try {
        work();
    } catch (...) {
        try {
            book(db, account, operation, bytesUsed);
        } catch (...) {
            // work's error is the one worth reporting.
        }
        throw;
    }
    return book(db, account, operation, bytesUsed);
}

}  // namespace petrel::engine
