#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/Error.h"
#include "net/CachedPassword.h"

using petrel::net::CachedPassword;

TEST(NetCachedPassword, AsksTheSupplierOnceAndReportsTheSecretFirst) {
    int asked = 0;
    std::vector<std::string> reported;
    CachedPassword p("alice", [&] { return "pw-" + std::to_string(++asked); },
                     [&](const std::string& s) { reported.push_back(s); });
    EXPECT_EQ(p.user(), "alice");
    EXPECT_FALSE(p.requested());
    EXPECT_EQ(p.kept(), "");
    EXPECT_EQ(p.get(), "pw-1");
    EXPECT_EQ(p.get(), "pw-1");
    EXPECT_EQ(p.kept(), "pw-1");
    EXPECT_TRUE(p.requested());
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(reported, std::vector<std::string>{"pw-1"});
}

TEST(NetCachedPassword, ForgetMakesTheNextLoginAskAgain) {
    int asked = 0;
    CachedPassword p("bob", [&] { return "pw-" + std::to_string(++asked); }, {});
    EXPECT_EQ(p.get(), "pw-1");
    p.forget();
    EXPECT_FALSE(p.requested());
    EXPECT_EQ(p.kept(), "");
    EXPECT_EQ(p.get(), "pw-2");
    EXPECT_EQ(asked, 2);
}

TEST(NetCachedPassword, NoSupplierIsAnAuthErrorNamingTheUser) {
    CachedPassword p("carol", {}, {});
    try {
        p.get();
        FAIL() << "expected an Auth error";
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Auth);
        EXPECT_NE(std::string(e.what()).find("carol"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(p.requested());
}
