// Changes made while the IMAP server cannot be reached, through the main window: they are queued
// (the status bar says so and counts them), replayed by the next Check Mail, and one that can no
// longer apply is shown in the error bar. Real Dovecot; the server state is read back with a
// separate raw IMAP client.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wx/menu.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
using petrel::ui::JobStatusBar;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

// A loopback port nobody listens on (bound, then released): connecting is refused at once.
std::uint16_t closedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

TEST(LiveOfflineQueueTest, QueuedChangesAreCountedReplayedAndConflictsShown) {
    const char* keyring = std::getenv("PETREL_TEST_KEYRING");
    if (!keyring || std::string(keyring) != "unlocked")
        FAIL() << "a Live* test: run it under tests/servers/with-keyring (ctest does)";
    MailServer& server = MailServer::instance();
    const TestUser user = server.createUser("sample");
    petrel::testing::CliProfile cli("gui-offline-queue");
    cli.ok({"account", "add", "acct", "--imap", "--host", server.host(), "--port", std::to_string(server.imapsPort()),
            "--security", "tls", "--user", user.name, "--password-command", cli.passwordCommand("acct", user.password),
            "--trust-fingerprint", server.certSha256()});
    cli.ok({"sync", "acct"});
    ScopedConfig config(cli.dir() / "settings.ini");
    const engine::Profile profile(cli.profileDir().string());

    auto raw = [&] {
        auto c = std::make_unique<TcpClient>(server.host(), server.imapPort());
        c->readLine();
        c->imapOk("LOGIN " + user.name + " \"" + user.password + "\"");
        return c;
    };
    auto serverFlags = [&](std::uint32_t uid) {
        auto c = raw();
        c->imapOk("EXAMINE INBOX");
        std::string flags;
        for (const auto& l : c->imapOk("UID FETCH " + std::to_string(uid) + " (FLAGS)"))
            if (l.find("FETCH") != std::string::npos) flags += l;
        return flags;
    };
    // Points the account at another port, as the settings dialog would.
    auto setPort = [&](std::uint16_t port) {
        store::Db db(profile.databasePath());
        store::AccountRepository accounts(db);
        auto account = accounts.list().at(0);
        account.incoming.port = port;
        accounts.update(account);
    };

    runInEventLoop([&] {
        auto* frame = new MainFrame(ui::LocalIndex::open(profile), wxString::FromUTF8(profile.directory()));
        frame->SetSize(frame->FromDIP(wxSize(1300, 900)));
        frame->Show();
        ASSERT_TRUE(spinUntil([&] { return frame->IsShownOnScreen(); }));
        store::Db db(profile.databasePath(), store::OpenMode::ReadOnly);
        const auto account = store::AccountRepository(db).list().at(0);
        const auto inbox = store::FolderRepository(db).find(account.id, "INBOX");
        ASSERT_TRUE(inbox.has_value());
        frame->folderTree()->SelectItem(frame->folderTree()->findFolder(inbox->id));
        MessageList* list = frame->messageList();
        ASSERT_TRUE(spinUntil([&] { return list->folderId() == inbox->id; }));
        spinFor(200ms);

        // Two unread messages, selected together (a multi-selection opens nothing).
        std::vector<long> rows;
        for (long row = 0; row < list->GetItemCount() && rows.size() < 2; ++row)
            if (auto s = list->summaryAt(row); s && !(s->flags & model::FlagSeen)) rows.push_back(row);
        ASSERT_EQ(rows.size(), 2u);
        const auto kept = *list->summaryAt(rows[0]);
        const auto gone = *list->summaryAt(rows[1]);
        for (long row : rows) list->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        ASSERT_TRUE(spinUntil([&] { return list->GetSelectedItemCount() == 2; }));
        ASSERT_TRUE(spinUntil([&] { return frame->jobTracker().runningCount() == 0; }, 30s));

        // The server cannot be reached: Mark as Read is queued, and the window says so.
        setPort(closedPort());
        wxCommandEvent markRead(wxEVT_MENU, MainFrame::markReadMenuId());
        frame->ProcessWindowEvent(markRead);
        ASSERT_TRUE(spinUntil([&] { return frame->jobTracker().runningCount() == 0; }, 60s));
        EXPECT_FALSE(frame->errorBar()->showing()) << "queued is not failed: " << toUtf8(frame->errorBar()->message());
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldText)), "Will be sent when online");
        EXPECT_EQ(frame->jobStatusBar()->waitingOperations(), 2u);
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldOnline)), "Online, 2 waiting");
        EXPECT_TRUE(spinUntil([&] {
            const auto row = list->summaryAt(rows[0]);
            return row && row->id == kept.id && (row->flags & model::FlagSeen);
        })) << "the list shows it read at once";
        EXPECT_EQ(serverFlags(kept.uid).find("\\Seen"), std::string::npos) << "nothing reached the server yet";
        screenshot("offline-queued", frame);

        // Meanwhile one of them goes away on the server.
        {
            auto c = raw();
            c->imapOk("SELECT INBOX");
            c->imapOk("UID STORE " + std::to_string(gone.uid) + " +FLAGS.SILENT (\\Deleted)");
            c->imapOk("UID EXPUNGE " + std::to_string(gone.uid));
        }

        // Back online: Check Mail replays the queue; the change that cannot apply is reported.
        setPort(server.imapsPort());
        ASSERT_EQ(frame->checkMail(account.id), 1u);
        ASSERT_TRUE(spinUntil([&] { return frame->jobTracker().runningCount() == 0; }, 120s));
        EXPECT_NE(serverFlags(kept.uid).find("\\Seen"), std::string::npos) << serverFlags(kept.uid);
        EXPECT_EQ(frame->jobStatusBar()->waitingOperations(), 0u);
        EXPECT_EQ(toUtf8(frame->GetStatusBar()->GetStatusText(JobStatusBar::FieldOnline)), "Online");
        ASSERT_TRUE(frame->errorBar()->showing());
        const std::string shown = toUtf8(frame->errorBar()->message());
        EXPECT_NE(shown.find("1 offline change could not be applied"), std::string::npos) << shown;
        screenshot("offline-conflict", frame);

        frame->Close(true);
        EXPECT_TRUE(spinUntil([] { return wxTopLevelWindows.empty(); }));
    });
}

}  // namespace
}  // namespace petrel::guitest
