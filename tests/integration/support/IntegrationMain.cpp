// main() of petrel-integration-tests: GoogleTest plus the mail servers as a global environment (started
// once per process, or attached to ctest's mailserver fixture through PETREL_TEST_SERVER_DIR).
// Not part of petrel_test_support, so other test binaries keep their own main().
#include "support/MailServerEnvironment.h"

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new petrel::testing::MailServerEnvironment);
    return RUN_ALL_TESTS();
}
