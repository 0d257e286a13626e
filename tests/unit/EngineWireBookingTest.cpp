#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/WireBooking.h"
#include "model/AccountConfig.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"

using namespace petrel;

namespace {

class EngineWireBooking : public ::testing::Test {
protected:
    EngineWireBooking() : db(":memory:") {
        account.name = "booked";
        account.id = store::AccountRepository(db).add(account);
    }

    std::vector<store::ByteCount> counters() { return store::ByteCounters(db).forAccount(account.id); }

    store::Db db;
    model::AccountConfig account;
};

TEST_F(EngineWireBooking, BooksWhatTheWorkUsedUnderItsOperation) {
    bool ran = false;
    const auto b = engine::runBooked(db, account, "open", [] { return net::WireBytes{120, 4500}; }, [&] { ran = true; });
    EXPECT_TRUE(ran);
    EXPECT_EQ(b.sent, 120u);
    EXPECT_EQ(b.received, 4500u);
    engine::runBooked(db, account, "open", [] { return net::WireBytes{1, 2}; }, [] {});
    const auto c = counters();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].operation, "open");
    EXPECT_EQ(c[0].sent, 121u);
    EXPECT_EQ(c[0].received, 4502u);
}

TEST_F(EngineWireBooking, AnUnusedLinkBooksNothing) {
    const auto b = engine::runBooked(db, account, "sync", [] { return net::WireBytes{}; }, [] {});
    EXPECT_EQ(b.sent + b.received, 0u);
    EXPECT_TRUE(counters().empty());
}

TEST_F(EngineWireBooking, FailedWorkIsBookedAndItsErrorPassesThrough) {
    try {
        engine::runBooked(db, account, "fetch", [] { return net::WireBytes{30, 700}; },
                          [] { throw model::Error(model::ErrorKind::Network, "link dropped"); });
        FAIL() << "the work's error must pass through";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Network);
        EXPECT_STREQ(e.what(), "link dropped");
    }
    const auto c = counters();
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].operation, "fetch");
    EXPECT_EQ(c[0].sent, 30u);
    EXPECT_EQ(c[0].received, 700u);
}

TEST_F(EngineWireBooking, ABookingFailureNeverHidesTheWorksError) {
    try {
        engine::runBooked(
            db, account, "fetch", []() -> net::WireBytes { throw std::runtime_error("closing failed too"); },
            [] { throw model::Error(model::ErrorKind::Auth, "wrong password"); });
        FAIL() << "the work's error must pass through";
    } catch (const model::Error& e) {
        EXPECT_EQ(e.kind(), model::ErrorKind::Auth);
    }
    EXPECT_TRUE(counters().empty());
}

}  // namespace
