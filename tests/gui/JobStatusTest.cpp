// Background work in the main window: the status bar's job name, gauge and Cancel, the error bar
// with Retry, and Work Offline. Needs no mail server: the failing account points at a closed port.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/menu.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "ClosedPort.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LocalIndex.h"
#include "MailSync.h"
#include "MainFrame.h"
#include "OfflineSetting.h"
#include "engine/Profile.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/Db.h"

using namespace std::chrono_literals;
using petrel::ui::JobStatusBar;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class JobStatusTest : public testing::Test {
protected:
    void SetUp() override {
        config_ = std::make_unique<ScopedConfig>(dir_.path() / "settings.ini");
        profile_ = std::make_unique<engine::Profile>((dir_.path() / "profile").string());
        profile_->ensureExists();
        store::Db db(profile_->databasePath(), store::OpenMode::ReadWrite);
        model::AccountConfig account;
        account.name = "Broken";
        account.user = "nobody";
        account.incoming.host = "127.0.0.1";
        account.incoming.port = closedPort();
        account.incoming.security = model::Security::Tls;
        account.passwordCommand = "printf secret";  // no keyring needed
        account.checkIntervalSeconds = 0;
        accountId_ = store::AccountRepository(db).add(account);
    }

    void TearDown() override { config_.reset(); }

    MainFrame* openFrame() {
        auto* frame = new MainFrame(ui::LocalIndex::open(*profile_), wxString::FromUTF8(profile_->directory()));
        frame->Show();
        EXPECT_TRUE(spinUntil([frame] { return frame->IsShownOnScreen(); }));
        spinFor(200ms);
        return frame;
    }

    static void closeFrame(MainFrame* frame) {
        frame->Close(true);
        EXPECT_TRUE(spinUntil([] { return wxTopLevelWindows.empty(); }));
    }

    TempDir dir_;
    std::unique_ptr<ScopedConfig> config_;
    std::unique_ptr<engine::Profile> profile_;
    std::int64_t accountId_ = 0;
};

TEST_F(JobStatusTest, StatusBarShowsTheRunningJobAndCancelStopsIt) {
    runInEventLoop([this] {
        MainFrame* frame = openFrame();
        JobStatusBar* status = frame->jobStatusBar();
        EXPECT_FALSE(status->gauge()->IsShown());

        std::optional<std::optional<model::Error>> result;
        ui::JobRequest request;
        request.accountId = accountId_;
        request.name = "wait";
        request.label = "Waiting for the test";
        request.network = false;
        // A job that only ends when cancelled.
        request.run = [](engine::JobContext& context) {
            context.reportProgress("waiting", 1, 4);
            while (!context.cancel().isCancelled()) std::this_thread::sleep_for(10ms);
            context.cancel().throwIfCancelled();
        };
        request.onFinished = [&result](const std::optional<model::Error>& error) { result = error; };
        const auto jobId = frame->jobTracker().submit(request);
        ASSERT_TRUE(jobId.has_value());

        ASSERT_TRUE(spinUntil([&] {
            return status->shownJob() == jobId && status->GetStatusText(JobStatusBar::FieldText).Contains("(1/4)");
        }));
        EXPECT_EQ(toUtf8(status->GetStatusText(JobStatusBar::FieldText)),
                  "Waiting for the test \xe2\x80\x94 waiting (1/4)");
        EXPECT_TRUE(status->gauge()->IsShown());
        EXPECT_EQ(status->gauge()->GetRange(), 4);
        EXPECT_EQ(status->gauge()->GetValue(), 1);
        EXPECT_TRUE(status->cancelButton()->IsShownOnScreen());
        screenshot("status-bar-running-job", frame);

        clickOn(status->cancelButton());
        ASSERT_TRUE(spinUntil([&] { return result.has_value(); }));
        ASSERT_TRUE(result->has_value());
        EXPECT_EQ((*result)->kind(), model::ErrorKind::Cancelled);
        EXPECT_FALSE(status->gauge()->IsShown());
        EXPECT_FALSE(status->shownJob().has_value());
        EXPECT_EQ(status->GetStatusText(JobStatusBar::FieldText), "Waiting for the test: cancelled");
        EXPECT_FALSE(frame->errorBar()->showing()) << "cancelling is not an error";
        closeFrame(frame);
    });
}

TEST_F(JobStatusTest, NetworkErrorShowsInTheErrorBarAndRetrySubmitsTheJobAgain) {
    runInEventLoop([this] {
        MainFrame* frame = openFrame();
        auto attempts = std::make_shared<std::atomic<int>>(0);
        ui::EngineHost& host = frame->engineHost();
        host.setSyncAccount([attempts, sync = ui::MailSync::make(host.secrets())](
                                engine::JobContext& context, const engine::Profile& profile,
                                const model::AccountConfig& account) {
            ++*attempts;
            sync(context, profile, account);
        });

        // F5 is Check Mail (menu accelerator).
        frame->folderTree()->SetFocus();
        spinFor(100ms);
        pressKey(WXK_F5);
        if (!spinUntil([&] { return *attempts > 0; }, 2s)) {
            ADD_FAILURE() << "F5 did not reach the menu; checking through the menu command";
            frame->checkMail();
        }
        ASSERT_TRUE(spinUntil([&] { return frame->errorBar()->showing(); }, 30s));
        EXPECT_EQ(*attempts, 1);
        const std::string message = toUtf8(frame->errorBar()->message());
        EXPECT_NE(message.find("Checking mail for Broken failed"), std::string::npos) << message;
        EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
        EXPECT_TRUE(frame->errorBar()->canRetry());
        EXPECT_TRUE(frame->errorBar()->HasButtonId(wxID_RETRY));
        EXPECT_EQ(frame->jobStatusBar()->GetStatusText(JobStatusBar::FieldText), "Checking mail: Broken: failed");
        screenshot("error-bar-network-error", frame);

        // What GTK's Retry button sends to the bar.
        wxCommandEvent click(wxEVT_BUTTON, wxID_RETRY);
        click.SetEventObject(frame->errorBar());
        frame->errorBar()->ProcessWindowEvent(click);
        ASSERT_TRUE(spinUntil([&] { return *attempts == 2 && frame->errorBar()->showing(); }, 30s));
        EXPECT_NE(toUtf8(frame->errorBar()->message()).find("Checking mail for Broken failed"), std::string::npos);
        closeFrame(frame);
    });
}

TEST_F(JobStatusTest, WorkOfflineSubmitsNoNetworkJobAndIsRemembered) {
    runInEventLoop([this] {
        MainFrame* frame = openFrame();
        EXPECT_EQ(frame->jobStatusBar()->GetStatusText(JobStatusBar::FieldOnline), "Online");
        wxCommandEvent toggle(wxEVT_MENU, MainFrame::workOfflineMenuId());
        toggle.SetInt(1);
        frame->ProcessWindowEvent(toggle);
        EXPECT_TRUE(frame->workOffline());
        EXPECT_TRUE(frame->GetMenuBar()->IsChecked(MainFrame::workOfflineMenuId()));
        EXPECT_EQ(frame->jobStatusBar()->GetStatusText(JobStatusBar::FieldOnline), "Offline");
        EXPECT_EQ(frame->checkMail(), 0u);
        EXPECT_EQ(frame->jobTracker().runningCount(), 0u);
        EXPECT_TRUE(ui::OfflineSetting::load());
        screenshot("status-bar-offline", frame);
        closeFrame(frame);

        // The next window starts offline, and going online lets Check Mail submit again.
        frame = openFrame();
        EXPECT_TRUE(frame->workOffline());
        EXPECT_EQ(frame->jobStatusBar()->GetStatusText(JobStatusBar::FieldOnline), "Offline");
        frame->setWorkOffline(false);
        EXPECT_FALSE(ui::OfflineSetting::load());
        EXPECT_EQ(frame->checkMail(), 1u);
        ASSERT_TRUE(spinUntil([frame] { return frame->jobTracker().runningCount() == 0; }, 30s));
        closeFrame(frame);
    });
}

}  // namespace
}  // namespace petrel::guitest
