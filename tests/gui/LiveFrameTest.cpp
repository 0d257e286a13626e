#include "LiveFrameTest.h"

#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "store/AccountRepository.h"

namespace petrel::guitest {

void LiveFrameTest::TearDown() {
    if (frame_) closeMainFrame(frame_);
    config_.reset();
}

void LiveFrameTest::useCliProfile() {
    config_ = std::make_unique<ScopedConfig>(cli_.dir() / "settings.ini");
    profile_ = std::make_unique<engine::Profile>(cli_.profileDir().string());
}

void LiveFrameTest::openFrame(const wxSize& size) {
    ASSERT_NO_FATAL_FAILURE(openMainFrame(*profile_, frame_, size));
}

void LiveFrameTest::readOnlyAccount() {
    db_ = std::make_unique<store::Db>(profile_->databasePath(), store::OpenMode::ReadOnly);
    const auto accounts = store::AccountRepository(*db_).list();
    ASSERT_EQ(accounts.size(), 1u);
    accountId_ = accounts[0].id;
}

}  // namespace petrel::guitest
