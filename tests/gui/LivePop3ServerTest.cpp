// The "On server" node of a POP3 account against the project's real Dovecot: the listing is what
// the server holds (headers only), Download stores and shows a message, Delete on Server asks
// and then removes it there. The server side is read back over IMAP (the same mailbox).
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/listctrl.h>

#include <chrono>
#include <memory>
#include <string>

#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageView.h"
#include "Pop3ServerView.h"
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
using petrel::ui::MainFrame;
using petrel::ui::Pop3ServerView;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

TEST(LivePop3ServerTest, OnServerListsDownloadsAndDeletes) {
    ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
    MailServer& server = MailServer::instance();
    const TestUser user = server.createUser("sample");
    petrel::testing::CliProfile cli("gui-pop3-server");
    addAccount(cli, server, "pop", user, {"--pop3-mode", "keep"}, Incoming::Pop3);
    ScopedConfig config(cli.dir() / "settings.ini");
    const engine::Profile profile(cli.profileDir().string());

    // What the server holds, read through its IMAP side.
    const ServerReadback imap(server, user);
    auto serverCount = [&] { return imap.search("INBOX", "ALL").size(); };
    const std::size_t before = serverCount();
    ASSERT_GT(before, 3u);

    runInEventLoop([&] {
        MainFrame* frame = nullptr;
        ASSERT_NO_FATAL_FAILURE(openMainFrame(profile, frame));
        store::Db db(profile.databasePath(), store::OpenMode::ReadOnly);
        const auto account = store::AccountRepository(db).list().at(0);
        const wxTreeItemId node = frame->folderTree()->findPop3Server(account.id);
        ASSERT_TRUE(node.IsOk());
        clickOn(frame->folderTree());
        frame->folderTree()->SelectItem(node);

        Pop3ServerView* view = frame->pop3ServerView();
        // No listing and no job runs.
        auto viewIdle = [&] {
            return spinUntil([&] { return !view->browsing() && frame->jobTracker().runningCount() == 0; },
                             60s);
        };
        ASSERT_TRUE(spinUntil([&] { return view->IsShown(); }, 5s));
        ASSERT_TRUE(viewIdle());
        EXPECT_FALSE(frame->errorBar()->showing()) << toUtf8(frame->errorBar()->message());
        ASSERT_EQ(view->entries().size(), before) << "one row per message on the server";
        EXPECT_EQ(view->list()->GetItemCount(), static_cast<int>(before));
        EXPECT_FALSE(view->entries().front().downloaded);
        screenshot("pop3-on-server", frame);

        // Download the first: stored here, shown in the reading pane, marked stored in the listing.
        view->list()->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        spinFor(100ms);
        auto* download = dynamic_cast<wxButton*>(view->FindWindow("Pop3Download"));
        ASSERT_NE(download, nullptr);
        clickOn(download);
        ASSERT_TRUE(spinUntil([&] { return frame->messageView()->messageId() != 0; }, 60s))
            << toUtf8(frame->errorBar()->message());
        ASSERT_TRUE(viewIdle());
        EXPECT_TRUE(view->entries().front().downloaded);
        const auto inbox = store::FolderRepository(db).list(account.id);
        std::uint32_t stored = 0;
        for (const auto& f : inbox) stored += f.total;
        EXPECT_EQ(stored, 1u) << "exactly the downloaded message is stored";
        EXPECT_EQ(serverCount(), before) << "keep mode: the server copy stays";
        screenshot("pop3-downloaded", frame);

        // Delete the last on the server: asked first, then gone there.
        const long last = view->list()->GetItemCount() - 1;
        view->list()->SetItemState(0, 0, wxLIST_STATE_SELECTED);
        view->list()->SetItemState(last, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        spinFor(100ms);
        ModalScripts modals;
        modals.answer("confirm", "ConfirmDeleteOnServer", wxID_YES);
        auto* remove = dynamic_cast<wxButton*>(view->FindWindow("Pop3DeleteOnServer"));
        ASSERT_NE(remove, nullptr);
        clickOn(remove);
        ASSERT_TRUE(spinUntil([&] { return modals.finished("confirm"); }, 10s));
        ASSERT_TRUE(viewIdle());
        EXPECT_FALSE(frame->errorBar()->showing()) << toUtf8(frame->errorBar()->message());
        EXPECT_EQ(serverCount(), before - 1);
        EXPECT_EQ(view->entries().size(), before - 1);
        screenshot("pop3-deleted-on-server", frame);

        closeMainFrame(frame);
    });
}

}  // namespace
}  // namespace petrel::guitest
