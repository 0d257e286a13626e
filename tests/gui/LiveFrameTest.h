#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "GuiTest.h"
#include "engine/Profile.h"
#include "store/Db.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

namespace petrel::ui {
class MainFrame;
}

// The fixture of the Live* tests that prepare a profile through petrel-cli and then drive a main
// window on it: the window is closed and the settings restored after every test.
namespace petrel::guitest {

class LiveFrameTest : public ::testing::Test {
protected:
    explicit LiveFrameTest(const std::string& profileTag) : cli_(profileTag) {}

    void TearDown() override;

    // After the cli set the profile up: settings in the cli's directory, and the profile itself.
    void useCliProfile();
    // Opens the main window on the profile (see openMainFrame).
    void openFrame(const wxSize& size = wxSize(1300, 900));
    // Opens the index read-only and takes the id of its only account.
    void readOnlyAccount();

    testing::MailServer* server_ = nullptr;
    testing::CliProfile cli_;
    std::unique_ptr<ScopedConfig> config_;
    std::unique_ptr<engine::Profile> profile_;
    std::unique_ptr<store::Db> db_;
    std::int64_t accountId_ = 0;
    ui::MainFrame* frame_ = nullptr;
};

}  // namespace petrel::guitest
