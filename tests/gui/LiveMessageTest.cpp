// Opening, marking, deleting and searching messages in the main window against the project's real
// Dovecot. The profile is prepared through petrel-cli in-process (account add with a password
// command, sync); everything after that goes through the window, and what the server holds is
// checked with a separate raw IMAP client.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/srchctrl.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "MessageView.h"
#include "SafeFileName.h"
#include "SafeHtmlWindow.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

constexpr const char* kPlainSubject = "Petrel plain preview";
constexpr const char* kPlainBody = "The heron stands still in the reeds, marker 4711.";
constexpr const char* kHtmlSubject = "Petrel html preview";
constexpr const char* kBigSubject = "Handbuch (groß, 5 MB)";

std::string message(const std::string& subject, const std::string& type, const std::string& body) {
    return "From: Tester <tester@example.com>\r\nTo: someone@example.com\r\nSubject: " + subject +
           "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" + std::to_string(std::hash<std::string>()(subject)) +
           "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: " + type +
           "; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
}

class LiveMessageTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* keyring = std::getenv("PETREL_TEST_KEYRING");
        if (!keyring || std::string(keyring) != "unlocked")
            FAIL() << "a Live* test: run it under tests/servers/with-keyring (ctest does)";
        server_ = &MailServer::instance();
        user_ = server_->createUser("sample");
        {
            auto c = raw();
            append(*c, message(kPlainSubject, "text/plain", kPlainBody));
            append(*c, message(kHtmlSubject, "text/html",
                               "<html><body><h1>Weekly</h1><p>Look: <img src=\"http://127.0.0.1:9/track.gif\"> and "
                               "<img src=\"https://127.0.0.1:9/logo.png\"></p><p><a href=\"https://example.com/x\">"
                               "online</a></p></body></html>"));
        }
        cli_.ok({"account", "add", "acct", "--imap", "--host", server_->host(), "--port",
                 std::to_string(server_->imapsPort()), "--security", "tls", "--user", user_.name, "--password-command",
                 cli_.passwordCommand("acct", user_.password), "--trust-fingerprint", server_->certSha256(), "--body-cap", "4096"});
        cli_.ok({"sync", "acct"});
        config_ = std::make_unique<ScopedConfig>(cli_.dir() / "settings.ini");
        profile_ = std::make_unique<engine::Profile>(cli_.profileDir().string());
    }

    void TearDown() override {
        if (frame_) {
            frame_->Close(true);
            EXPECT_TRUE(spinUntil([] { return wxTopLevelWindows.empty(); }));
        }
        config_.reset();
    }

    std::unique_ptr<TcpClient> raw() {
        auto c = std::make_unique<TcpClient>(server_->host(), server_->imapPort());
        c->readLine();
        c->imapOk("LOGIN " + user_.name + " \"" + user_.password + "\"");
        return c;
    }

    static void append(TcpClient& c, const std::string& data) {
        c.sendLine("ap APPEND INBOX {" + std::to_string(data.size()) + "}");
        const std::string go = c.readLine();
        ASSERT_EQ(go.substr(0, 1), "+") << go;
        c.send(data);
        c.sendLine("");
        const auto lines = c.readLinesUntil([](const std::string& l) { return l.rfind("ap ", 0) == 0; });
        ASSERT_NE(lines.back().find("OK"), std::string::npos) << lines.back();
    }

    std::string serverFlags(std::uint32_t uid) {
        auto c = raw();
        c->imapOk("EXAMINE INBOX");
        std::string flags;
        for (const auto& l : c->imapOk("UID FETCH " + std::to_string(uid) + " (FLAGS)"))
            if (l.find("FETCH") != std::string::npos) flags += l;
        return flags;
    }

    bool serverHas(std::uint32_t uid) {
        auto c = raw();
        c->imapOk("EXAMINE INBOX");
        for (const auto& l : c->imapOk("UID SEARCH UID " + std::to_string(uid))) {
            if (l.rfind("* SEARCH", 0) != 0) continue;
            std::istringstream words(l.substr(8));
            std::uint32_t u = 0;
            while (words >> u)
                if (u == uid) return true;
        }
        return false;
    }

    void openInbox() {
        frame_ = new MainFrame(ui::LocalIndex::open(*profile_), wxString::FromUTF8(profile_->directory()));
        frame_->SetSize(frame_->FromDIP(wxSize(1300, 900)));
        frame_->Show();
        ASSERT_TRUE(spinUntil([this] { return frame_->IsShownOnScreen(); }));
        db_ = std::make_unique<store::Db>(profile_->databasePath(), store::OpenMode::ReadOnly);
        const auto accounts = store::AccountRepository(*db_).list();
        ASSERT_EQ(accounts.size(), 1u);
        accountId_ = accounts[0].id;
        const auto inbox = store::FolderRepository(*db_).find(accountId_, "INBOX");
        ASSERT_TRUE(inbox.has_value());
        const wxTreeItemId item = frame_->folderTree()->findFolder(inbox->id);
        ASSERT_TRUE(item.IsOk());
        frame_->folderTree()->SelectItem(item);
        ASSERT_TRUE(spinUntil([&] { return frame_->messageList()->folderId() == inbox->id; }));
        spinFor(200ms);
    }

    long rowOf(const std::string& subject) {
        MessageList* list = frame_->messageList();
        for (long row = 0; row < list->GetItemCount(); ++row)
            if (auto s = list->summaryAt(row); s && s->subject == subject) return row;
        return -1;
    }

    // Clicks the row with `subject` and waits until its open job has finished.
    std::optional<model::MessageSummary> clickMessage(const std::string& subject) {
        MessageList* list = frame_->messageList();
        const long row = rowOf(subject);
        EXPECT_GE(row, 0) << subject;
        if (row < 0) return std::nullopt;
        list->EnsureVisible(row);
        spinFor(100ms);
        wxRect rect;
        EXPECT_TRUE(list->GetSubItemRect(row, MessageList::ColSubject, rect));
        clickAtRow(list->ClientToScreen(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)));
        EXPECT_TRUE(spinUntil([&] { return frame_->messageView()->messageId() == list->summaryAt(row)->id; }, 10s))
            << subject;
        EXPECT_TRUE(spinUntil([&] { return frame_->jobTracker().runningCount() == 0; }, 60s));
        spinFor(100ms);
        return list->summaryAt(row);
    }

    static void clickAtRow(const wxPoint& point) { clickAt(point); }

    std::uint64_t openBytes() {
        for (const auto& c : store::ByteCounters(*db_).forAccount(accountId_))
            if (c.operation == "open") return c.sent + c.received;
        return 0;
    }

    MailServer* server_ = nullptr;
    TestUser user_;
    petrel::testing::CliProfile cli_{"gui-messages"};
    std::unique_ptr<ScopedConfig> config_;
    std::unique_ptr<engine::Profile> profile_;
    std::unique_ptr<store::Db> db_;
    std::int64_t accountId_ = 0;
    MainFrame* frame_ = nullptr;
};

TEST_F(LiveMessageTest, PreviewMarkDeleteAndSearchAgainstTheServer) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openInbox());
        ui::MessageView* view = frame_->messageView();

        // Plain text: the body as text.
        const auto plain = clickMessage(kPlainSubject);
        ASSERT_TRUE(plain.has_value());
        EXPECT_TRUE(spinUntil([&] { return toUtf8(view->bodyText()).find(kPlainBody) != std::string::npos; }, 10s))
            << toUtf8(view->bodyText()) << " / " << toUtf8(view->bodyStatus()) << " / "
            << toUtf8(frame_->errorBar()->message());
        EXPECT_FALSE(view->showingHtml());
        EXPECT_FALSE(plain->flags & model::FlagSeen) << "opening never marks read without markReadOnOpen";
        screenshot("message-plain", frame_);

        // HTML: rendered, every remote load refused, the bar shown; a click goes to the browser hook.
        clickMessage(kHtmlSubject);
        ASSERT_TRUE(spinUntil([&] { return view->showingHtml(); }, 10s)) << toUtf8(view->bodyStatus());
        EXPECT_GE(view->htmlWindow()->blockedLoads(), 2u) << "both <img> were asked for and refused";
        EXPECT_TRUE(view->remoteBlockedBarShown());
        EXPECT_NE(toUtf8(view->bodyText()).find("Weekly"), std::string::npos);
        screenshot("message-html-blocked", frame_);

        // The 5 MB attachment: listed in the bar, and opening costs the text part only.
        const std::uint64_t before = openBytes();
        clickMessage(kBigSubject);
        ASSERT_TRUE(spinUntil([&] { return view->attachmentBarShown(); }, 10s)) << toUtf8(view->bodyStatus());
        const std::string bar = toUtf8(view->attachmentBarText());
        EXPECT_NE(bar.find("application/pdf"), std::string::npos) << bar;
        EXPECT_NE(bar.find("MB"), std::string::npos) << bar;
        const std::uint64_t cost = openBytes() - before;
        EXPECT_GT(cost, 0u);
        EXPECT_LT(cost, 100u * 1024u) << "opening must not fetch the attachment";
        std::cout << "open of the 5 MB message: " << cost << " bytes on the wire\n";
        screenshot("message-attachment", frame_);

        // Save...: into a folder, under a sanitised name, decoded.
        ASSERT_FALSE(view->attachments().empty());
        TempDir out;
        const wxString saved =
            frame_->saveAttachmentTo(view->attachments().front(), wxString::FromUTF8(out.path().string()), "../../evil.pdf");
        EXPECT_EQ(toUtf8(saved), (out.path() / "evil.pdf").string());
        ASSERT_TRUE(spinUntil([&] { return frame_->jobTracker().runningCount() == 0; }, 60s));
        EXPECT_TRUE(std::filesystem::exists(out.path() / "evil.pdf"));
        EXPECT_GT(std::filesystem::file_size(out.path() / "evil.pdf"), 4u * 1024 * 1024);

        // Over the body cap: the partial bar, and "Load the rest" reopens with room for all of it.
        clickMessage("Long plain text (many paragraphs)");
        ASSERT_TRUE(spinUntil([&] { return view->partialBarShown(); }, 10s)) << toUtf8(view->bodyStatus());
        EXPECT_NE(toUtf8(view->partialBarText()).find("Load the rest ("), std::string::npos)
            << toUtf8(view->partialBarText());
        const std::size_t capped = view->bodyText().length();
        screenshot("message-partial", frame_);
        clickOn(view->loadRestButton());
        ASSERT_TRUE(spinUntil([&] { return !view->partialBarShown(); }, 20s));
        EXPECT_GT(view->bodyText().length(), capped + 4000);

        // Mark read through the Message menu: the server holds \Seen.
        clickMessage(kPlainSubject);
        {
            wxCommandEvent menu(wxEVT_MENU, MainFrame::markReadMenuId());
            frame_->ProcessWindowEvent(menu);
        }
        ASSERT_TRUE(spinUntil([&] { return frame_->jobTracker().runningCount() == 0; }, 60s));
        EXPECT_NE(serverFlags(plain->uid).find("\\Seen"), std::string::npos) << serverFlags(plain->uid);
        EXPECT_TRUE(spinUntil([&] {
            const long row = rowOf(kPlainSubject);
            return row >= 0 && (frame_->messageList()->summaryAt(row)->flags & model::FlagSeen);
        })) << "the list shows it read";
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());

        // Delete: gone from the server's INBOX, and from the list.
        ASSERT_TRUE(serverHas(plain->uid));
        {
            wxCommandEvent menu(wxEVT_MENU, MainFrame::deleteMessageMenuId());
            frame_->ProcessWindowEvent(menu);
        }
        ASSERT_TRUE(spinUntil([&] { return frame_->jobTracker().runningCount() == 0; }, 60s));
        EXPECT_FALSE(serverHas(plain->uid));
        EXPECT_TRUE(spinUntil([&] { return rowOf(kPlainSubject) < 0; }));
        screenshot("message-deleted", frame_);

        // Search as you type: the list shows the matching rows; Escape goes back to the folder.
        const long folderRows = frame_->messageList()->GetItemCount();
        frame_->Raise();
        frame_->searchField()->SetFocus();
        spinFor(100ms);
        typeInto(frame_->searchField(), "Handbuch");
        ASSERT_TRUE(spinUntil([&] { return frame_->messageList()->showingResults(); }, 5s))
            << "field: " << toUtf8(frame_->searchField()->GetValue()) << " status: " << toUtf8(frame_->GetStatusBar()->GetStatusText(0));
        EXPECT_TRUE(spinUntil([&] { return rowOf(kBigSubject) >= 0; }, 5s));
        EXPECT_LT(frame_->messageList()->GetItemCount(), folderRows);
        for (long row = 0; row < frame_->messageList()->GetItemCount(); ++row) {
            const auto s = frame_->messageList()->summaryAt(row);
            ASSERT_TRUE(s.has_value());
        }
        screenshot("message-search", frame_);
        frame_->searchField()->SetFocus();
        pressKey(WXK_ESCAPE);
        EXPECT_TRUE(spinUntil([&] { return !frame_->messageList()->showingResults(); }, 5s));
        EXPECT_EQ(frame_->messageList()->GetItemCount(), folderRows);
    });
}

TEST(SafeFileName, NeverLeavesTheChosenFolder) {
    using ui::safeFileName;
    for (const char* hostile : {"../../etc/passwd", "..\\..\\boot.ini", "/abs/path", "a/../../b", "....//x"}) {
        const std::string safe = safeFileName(hostile);
        EXPECT_EQ(safe.find_first_of("/\\"), std::string::npos) << hostile;
        EXPECT_EQ(safe.find(".."), std::string::npos) << hostile;
        EXPECT_NE(safe.front(), '.') << hostile;
        EXPECT_EQ(std::filesystem::path("/dir") / safe, std::filesystem::path("/dir/" + safe)) << hostile;
    }
    EXPECT_EQ(safeFileName("../../etc/passwd"), "_._etc_passwd");
    EXPECT_EQ(safeFileName(".."), "attachment");
    EXPECT_EQ(safeFileName(""), "attachment");
    EXPECT_EQ(safeFileName("CON"), "_CON");
    EXPECT_EQ(safeFileName("com1.txt"), "_com1.txt");
    EXPECT_EQ(safeFileName("report.pdf"), "report.pdf");
    EXPECT_EQ(safeFileName("報告書.zip"), "報告書.zip");
    EXPECT_EQ(safeFileName("a..b"), "a.b");
    EXPECT_EQ(safeFileName("C:evil"), "C_evil");
}

TEST(SafeHtml, RemoteReferencesAreFound) {
    EXPECT_TRUE(ui::referencesRemoteContent("<img src=\"http://x/y.gif\">"));
    EXPECT_TRUE(ui::referencesRemoteContent("<IMG SRC='https://x/y.gif'>"));
    EXPECT_TRUE(ui::referencesRemoteContent("<td background=//x/y.gif>"));
    EXPECT_TRUE(ui::referencesRemoteContent("<p style=\"background: url(http://x/y)\">"));
    EXPECT_FALSE(ui::referencesRemoteContent("<img src=\"cid:logo@petrel\"><a href=\"https://x\">x</a>"));
}

}  // namespace
}  // namespace petrel::guitest
