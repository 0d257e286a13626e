#pragma once
#include <gtest/gtest.h>

namespace petrel::testing {

// ::testing::AddGlobalTestEnvironment(new petrel::testing::MailServerEnvironment) in main():
// SetUp starts the servers or attaches to the ctest fixture's (FAILs with the log tail if that is
// impossible), TearDown stops what this process started.
class MailServerEnvironment : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;
};

}  // namespace petrel::testing
