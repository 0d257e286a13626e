#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "model/Error.h"
#include "net/StallGuard.h"

using petrel::net::StallGuard;
using namespace std::chrono_literals;

TEST(NetStallGuard, ADrippingReplyIsANetworkError) {
    StallGuard guard(20ms);
    guard.arrived(1);
    std::this_thread::sleep_for(30ms);
    try {
        guard.arrived(1);
        FAIL() << "two bytes in a window must end the reply";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Network);
    }
}

TEST(NetStallGuard, AReplyAtSpeedPasses) {
    StallGuard guard(20ms);
    for (int i = 0; i < 5; ++i) {
        guard.arrived(StallGuard::kMinBytesPerWindow);
        std::this_thread::sleep_for(25ms);
    }
    EXPECT_NO_THROW(guard.arrived(StallGuard::kMinBytesPerWindow));
}

TEST(NetStallGuard, SilenceBetweenRepliesIsAllowed) {
    StallGuard guard(20ms);
    guard.arrived(1);
    guard.idle();
    std::this_thread::sleep_for(30ms);
    EXPECT_NO_THROW(guard.arrived(1));
}

TEST(NetStallGuard, AZeroWindowIsOff) {
    StallGuard guard(0ms);
    guard.arrived(1);
    std::this_thread::sleep_for(5ms);
    EXPECT_NO_THROW(guard.arrived(1));
}
