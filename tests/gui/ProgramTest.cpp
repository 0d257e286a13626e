// The petrel executable itself.
#include <gtest/gtest.h>

#include <string>

#include "CommandResult.h"
#include "PetrelVersion.h"

using petrel::guitest::CommandResult;
using petrel::guitest::runCommand;

namespace {

// These tests run under Xvfb; the child gets no display at all, as over ssh or in packaging.
const std::string kNoDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY ";

TEST(Program, VersionWorksWithoutADisplay) {
    const CommandResult r = runCommand(kNoDisplay + "'" PETREL_EXE "' --version 2>&1");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.output, std::string("petrel ") + PETREL_VERSION + "\n");
}

TEST(Program, HelpWorksWithoutADisplay) {
    const CommandResult r = runCommand(kNoDisplay + "'" PETREL_EXE "' --help 2>&1");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("--profile DIR"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--version"), std::string::npos) << r.output;
}

}  // namespace
