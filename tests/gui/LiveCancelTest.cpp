// Cancelling a long sync from the status bar, against the project's real Dovecot with a big
// mailbox: the job ends cancelled (no error in the error bar) and the window keeps handling
// events while the sync runs and after it stopped.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/menu.h>
#include <wx/timer.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using petrel::ui::JobStatusBar;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

TEST(LiveCancelTest, CancellingABigSyncEndsItAndTheWindowStaysResponsive) {
    ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
    MailServer& server = MailServer::instance();
    const TestUser user = server.createUser("bulk:30000");
    petrel::testing::CliProfile cli("gui-cancel");
    addAccount(cli, server, "big", user);
    ScopedConfig config(cli.dir() / "settings.ini");
    const engine::Profile profile(cli.profileDir().string());

    runInEventLoop([&] {
        MainFrame* frame = nullptr;
        ASSERT_NO_FATAL_FAILURE(openMainFrame(profile, frame, wxSize(1200, 800)));
        JobStatusBar* status = frame->jobStatusBar();

        // The longest pause of the event loop while the sync runs: a 20 ms timer's ticks.
        wxTimer ticker;
        auto last = std::chrono::steady_clock::now();
        std::chrono::steady_clock::duration longest{};
        std::size_t ticks = 0;
        ticker.Bind(wxEVT_TIMER, [&](wxTimerEvent&) {
            const auto now = std::chrono::steady_clock::now();
            longest = std::max(longest, now - last);
            last = now;
            ++ticks;
        });
        ticker.Start(20);

        ASSERT_EQ(frame->checkMail(), 1u);
        ASSERT_TRUE(spinUntil(
            [&] { return status->shownJob().has_value() && status->cancelButton()->IsShown(); }, 10s));
        // Let it get into the big folder's header fetch.
        spinFor(1500ms);
        ASSERT_EQ(frame->jobTracker().runningCount(), 1u) << "the sync of 30,000 messages already ended";
        screenshot("sync-running", frame);

        // The window answers while the sync runs: a menu toggle goes through at once.
        const int unreadOnly = frame->GetMenuBar()->FindMenuItem("View", "Unread Messages Only");
        ASSERT_NE(unreadOnly, wxNOT_FOUND);
        {
            wxCommandEvent toggle(wxEVT_MENU, unreadOnly);
            toggle.SetInt(1);
            frame->ProcessWindowEvent(toggle);
        }

        const auto pressed = std::chrono::steady_clock::now();
        clickOn(status->cancelButton());
        ASSERT_TRUE(jobsIdle(*frame, 30s)) << "the sync did not stop";
        const auto stopped = std::chrono::steady_clock::now();
        ticker.Stop();

        const std::string text = toUtf8(status->GetStatusText(JobStatusBar::FieldText));
        EXPECT_NE(text.find("cancelled"), std::string::npos) << text;
        EXPECT_FALSE(frame->errorBar()->showing())
            << "a cancel is not an error: " << toUtf8(frame->errorBar()->message());
        EXPECT_FALSE(status->cancelButton()->IsShown());
        EXPECT_GT(ticks, 10u);

        // Not everything arrived: the sync really stopped part-way.
        store::Db db(profile.databasePath(), store::OpenMode::ReadOnly);
        const auto accounts = store::AccountRepository(db).list();
        ASSERT_EQ(accounts.size(), 1u);
        const auto inbox = store::FolderRepository(db).find(accounts[0].id, "INBOX");
        const std::uint32_t indexed = inbox ? inbox->total : 0;
        EXPECT_LT(indexed, 30000u);

        std::cout << "cancel took "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(stopped - pressed).count()
                  << " ms; longest event-loop pause during the sync "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(longest).count() << " ms over "
                  << ticks << " ticks; " << indexed << " of 30000 messages indexed\n";
        screenshot("sync-cancelled", frame);

        closeMainFrame(frame);
    });
}

}  // namespace
}  // namespace petrel::guitest
