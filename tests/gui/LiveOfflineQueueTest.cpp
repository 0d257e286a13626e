// Changes made while the IMAP server cannot be reached, through the main window: they are queued
// (the status bar says so and counts them), replayed by the next Check Mail, and one that can no
// longer apply is shown in the error bar. Real Dovecot; the server state is read back with a
// separate raw IMAP client.
#include <gtest/gtest.h>
#include <wx/menu.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ClosedPort.h"
#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageList.h"
#include "ServerReadback.h"
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
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

TEST(LiveOfflineQueueTest, QueuedChangesAreCountedReplayedAndConflictsShown) {
    ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
    MailServer& server = MailServer::instance();
    const TestUser user = server.createUser("sample");
    const ServerReadback imap(server, user);
    petrel::testing::CliProfile cli("gui-offline-queue");
    addAccount(cli, server, "acct", user);
    cli.ok({"sync", "acct"});
    ScopedConfig config(cli.dir() / "settings.ini");
    const engine::Profile profile(cli.profileDir().string());

    // Points the account at another port, as the settings dialog would.
    auto setPort = [&](std::uint16_t port) {
        store::Db db(profile.databasePath());
        store::AccountRepository accounts(db);
        auto account = accounts.list().at(0);
        account.incoming.port = port;
        accounts.update(account);
    };

    runInEventLoop([&] {
        MainFrame* frame = nullptr;
        ASSERT_NO_FATAL_FAILURE(openMainFrame(profile, frame));
        store::Db db(profile.databasePath(), store::OpenMode::ReadOnly);
        const auto account = store::AccountRepository(db).list().at(0);
        const auto inbox = store::FolderRepository(db).find(account.id, "INBOX");
        ASSERT_TRUE(inbox.has_value());
        ASSERT_NO_FATAL_FAILURE(selectFolder(*frame, inbox->id));
        MessageList* list = frame->messageList();

        // Two unread messages, selected together (a multi-selection opens nothing).
        std::vector<long> rows;
        for (long row = 0; row < list->GetItemCount() && rows.size() < 2; ++row)
            if (auto s = list->summaryAt(row); s && !(s->flags & model::FlagSeen)) rows.push_back(row);
        ASSERT_EQ(rows.size(), 2u);
        const auto kept = *list->summaryAt(rows[0]);
        const auto gone = *list->summaryAt(rows[1]);
        for (long row : rows) list->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        ASSERT_TRUE(spinUntil([&] { return list->GetSelectedItemCount() == 2; }));
        ASSERT_TRUE(jobsIdle(*frame, 30s));

        // The server cannot be reached: Mark as Read is queued, and the window says so.
        setPort(closedPort());
        wxCommandEvent markRead(wxEVT_MENU, MainFrame::markReadMenuId());
        frame->ProcessWindowEvent(markRead);
        ASSERT_TRUE(jobsIdle(*frame, 60s));
        EXPECT_FALSE(frame->errorBar()->showing())
            << "queued is not failed: " << toUtf8(frame->errorBar()->message());
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldText)),
                  "Will be sent when online");
        EXPECT_EQ(frame->jobStatusBar()->waitingOperations(), 2u);
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldOnline)),
                  "Online, 2 waiting");
        EXPECT_TRUE(spinUntil([&] {
            const auto row = list->summaryAt(rows[0]);
            return row && row->id == kept.id && (row->flags & model::FlagSeen);
        })) << "the list shows it read at once";
        EXPECT_EQ(imap.flags("INBOX", kept.uid).find("\\Seen"), std::string::npos)
            << "nothing reached the server yet";
        screenshot("offline-queued", frame);

        // Meanwhile one of them goes away on the server.
        {
            auto c = imap.login();
            c->imapOk("SELECT INBOX");
            c->imapOk("UID STORE " + std::to_string(gone.uid) + " +FLAGS.SILENT (\\Deleted)");
            c->imapOk("UID EXPUNGE " + std::to_string(gone.uid));
        }

        // Back online: Check Mail replays the queue; the change that cannot apply is reported.
        setPort(server.imapsPort());
        ASSERT_EQ(frame->checkMail(account.id), 1u);
        ASSERT_TRUE(jobsIdle(*frame, 120s));
        EXPECT_NE(imap.flags("INBOX", kept.uid).find("\\Seen"), std::string::npos)
            << imap.flags("INBOX", kept.uid);
        EXPECT_EQ(frame->jobStatusBar()->waitingOperations(), 0u);
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldOnline)), "Online");
        ASSERT_TRUE(frame->errorBar()->showing());
        const std::string shown = toUtf8(frame->errorBar()->message());
        EXPECT_NE(shown.find("1 offline change could not be applied"), std::string::npos) << shown;
        screenshot("offline-conflict", frame);

        closeMainFrame(frame);
    });
}

}  // namespace
}  // namespace petrel::guitest
