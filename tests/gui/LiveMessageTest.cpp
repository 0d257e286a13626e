// Opening, marking, deleting and searching messages in the main window against the project's real
// Dovecot. The profile is prepared through petrel-cli in-process (account add with a password
// command, sync); everything after that goes through the window, and what the server holds is
// checked with a separate raw IMAP client.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/srchctrl.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "LiveFrameTest.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageList.h"
#include "MessageView.h"
#include "SafeHtmlWindow.h"
#include "ServerReadback.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
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

class LiveMessageTest : public LiveFrameTest {
protected:
    LiveMessageTest() : LiveFrameTest("gui-messages") {}

    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
        server_ = &MailServer::instance();
        user_ = server_->createUser("sample");
        imap_.emplace(*server_, user_);
        {
            auto c = imap_->login();
            ServerReadback::append(*c, message(kPlainSubject, "text/plain", kPlainBody));
            ServerReadback::append(*c, message(kHtmlSubject, "text/html",
                               "<html><body><h1>Weekly</h1><p>Look: <img src=\"http://127.0.0.1:9/track.gif\"> and "
                               "<img src=\"https://127.0.0.1:9/logo.png\"></p><p><a href=\"https://example.com/x\">"
                               "online</a></p></body></html>"));
        }
        addAccount(cli_, *server_, "acct", user_, {"--body-cap", "4096"});
        cli_.ok({"sync", "acct"});
        useCliProfile();
    }

    void openInbox() {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ASSERT_NO_FATAL_FAILURE(readOnlyAccount());
        const auto inbox = store::FolderRepository(*db_).find(accountId_, "INBOX");
        ASSERT_TRUE(inbox.has_value());
        ASSERT_NO_FATAL_FAILURE(selectFolder(*frame_, inbox->id));
    }

    long rowOf(const std::string& subject) { return guitest::rowOf(*frame_->messageList(), subject); }

    // Clicks the row with `subject` and waits until its open job has finished.
    std::optional<model::MessageSummary> clickMessage(const std::string& subject) {
        MessageList* list = frame_->messageList();
        const long row = rowOf(subject);
        EXPECT_GE(row, 0) << subject;
        if (row < 0) return std::nullopt;
        EXPECT_TRUE(clickSubject(*list, row));
        EXPECT_TRUE(spinUntil([&] { return frame_->messageView()->messageId() == list->summaryAt(row)->id; }, 10s))
            << subject;
        EXPECT_TRUE(jobsIdle(*frame_));
        spinFor(100ms);
        return list->summaryAt(row);
    }

    std::uint64_t openBytes() {
        for (const auto& c : store::ByteCounters(*db_).forAccount(accountId_))
            if (c.operation == "open") return c.sent + c.received;
        return 0;
    }

    TestUser user_;
    std::optional<ServerReadback> imap_;
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
        ASSERT_TRUE(jobsIdle(*frame_));
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
        ASSERT_TRUE(jobsIdle(*frame_));
        EXPECT_NE(imap_->flags("INBOX", plain->uid).find("\\Seen"), std::string::npos) << imap_->flags("INBOX", plain->uid);
        EXPECT_TRUE(spinUntil([&] {
            const long row = rowOf(kPlainSubject);
            return row >= 0 && (frame_->messageList()->summaryAt(row)->flags & model::FlagSeen);
        })) << "the list shows it read";
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());

        // Delete: gone from the server's INBOX, and from the list.
        ASSERT_TRUE(imap_->has("INBOX", plain->uid));
        {
            wxCommandEvent menu(wxEVT_MENU, MainFrame::deleteMessageMenuId());
            frame_->ProcessWindowEvent(menu);
        }
        ASSERT_TRUE(jobsIdle(*frame_));
        EXPECT_FALSE(imap_->has("INBOX", plain->uid));
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

TEST(SafeHtml, RemoteReferencesAreFound) {
    EXPECT_TRUE(ui::referencesRemoteContent("<img src=\"http://x/y.gif\">"));
    EXPECT_TRUE(ui::referencesRemoteContent("<IMG SRC='https://x/y.gif'>"));
    EXPECT_TRUE(ui::referencesRemoteContent("<td background=//x/y.gif>"));
    EXPECT_TRUE(ui::referencesRemoteContent("<p style=\"background: url(http://x/y)\">"));
    EXPECT_FALSE(ui::referencesRemoteContent("<img src=\"cid:logo@petrel\"><a href=\"https://x\">x</a>"));
}

}  // namespace
}  // namespace petrel::guitest
