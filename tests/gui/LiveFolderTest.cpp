// Folder operations, moving/copying (menu and drop on the tree), saving as .eml and actions on
// several selected messages, driven through the main window against the project's real Dovecot.
// The profile is prepared through petrel-cli in-process; everything after that goes through the
// window, and what the server holds afterwards is read back with a separate raw IMAP client.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/menu.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "DisplayFormat.h"
#include "DropTargets.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderActions.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "LiveFrameTest.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageList.h"
#include "ServerReadback.h"
#include "dialogs/FolderChooserDialog.h"
#include "dialogs/FolderNameDialog.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using petrel::ui::FolderChooserDialog;
using petrel::ui::FolderNameDialog;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class LiveFolderTest : public LiveFrameTest {
protected:
    LiveFolderTest() : LiveFrameTest("gui-folders") {}

    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
        server_ = &MailServer::instance();
        user_ = server_->createUser("sample");
        imap_.emplace(*server_, user_);
        addAccount(cli_, *server_, "acct", user_);
        cli_.ok({"sync", "acct"});
        useCliProfile();
    }

    // Messages in `folder` with this Message-ID (ASCII, unlike many subjects of the sample mail).
    std::size_t serverCountWithId(const std::string& folder, const std::string& messageId) {
        std::string bare = messageId;
        if (bare.size() > 2 && bare.front() == '<') bare = bare.substr(1, bare.size() - 2);
        return imap_->search(folder, "HEADER Message-ID \"" + bare + "\"").size();
    }

    void openFrame() {
        ASSERT_NO_FATAL_FAILURE(LiveFrameTest::openFrame());
        ASSERT_NO_FATAL_FAILURE(readOnlyAccount());
    }

    void selectPath(const std::string& path) {
        const wxTreeItemId item = frame_->folderTree()->findPath(accountId_, path);
        ASSERT_TRUE(item.IsOk()) << path;
        frame_->folderTree()->EnsureVisible(item);
        frame_->folderTree()->SelectItem(item);
        spinFor(100ms);
    }

    void selectFolder(const std::string& path) {
        ASSERT_NO_FATAL_FAILURE(selectPath(path));
        const auto folder = store::FolderRepository(*db_).find(accountId_, path);
        ASSERT_TRUE(folder.has_value()) << path;
        ASSERT_TRUE(spinUntil([&] { return frame_->messageList()->folderId() == folder->id; }));
        spinFor(200ms);
    }

    void menu(int id) {
        wxCommandEvent event(wxEVT_MENU, id);
        frame_->ProcessWindowEvent(event);
    }

    bool menuEnabled(int id) {
        frame_->UpdateWindowUI(wxUPDATE_UI_RECURSE);
        wxMenuItem* item = frame_->GetMenuBar()->FindItem(id);
        return item && item->IsEnabled();
    }

    bool jobsDone() { return jobsIdle(*frame_); }

    // Clicks the row (selecting it alone) and waits for its preview job.
    long clickRow(long row) {
        MessageList* list = frame_->messageList();
        EXPECT_TRUE(clickSubject(*list, row));
        EXPECT_TRUE(spinUntil([&] { return list->GetSelectedItemCount() == 1 && list->GetFirstSelected() == row; }));
        EXPECT_TRUE(jobsDone());
        return row;
    }

    long rowOf(const std::string& subject) { return guitest::rowOf(*frame_->messageList(), subject); }

    // Answers the folder name dialog: checks that OK refuses `refused` names, then types `name`.
    void expectName(ModalScripts& modals, const std::string& tag, const std::string& name,
                    const std::vector<std::string>& refused = {}) {
        modals.expect<FolderNameDialog>(tag, [name, refused](FolderNameDialog& dialog) {
            // XTest types what the keyboard map has: a name beyond ASCII is put in as pasted.
            auto put = [&dialog](const std::string& text) {
                if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                    typeInto(dialog.field(), text);
                else
                    dialog.field()->SetValue(wxString::FromUTF8(text));
            };
            for (const auto& bad : refused) {
                put(bad);
                spinFor(50ms);
                EXPECT_FALSE(dialog.okButton()->IsEnabled()) << bad;
                EXPECT_FALSE(dialog.problem().empty()) << bad;
            }
            dialog.field()->Clear();
            spinFor(50ms);
            EXPECT_FALSE(dialog.okButton()->IsEnabled()) << "an empty name";
            put(name);
            ASSERT_TRUE(spinUntil([&] { return dialog.okButton()->IsEnabled(); }, 2s)) << toUtf8(dialog.problem());
            clickOn(dialog.okButton());
        });
    }

    TestUser user_;
    std::optional<ServerReadback> imap_;
};

TEST_F(LiveFolderTest, NewNestedFolderRenameAndDeleteReachTheServer) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openFrame());

        // INBOX is special: neither rename nor delete is offered.
        ASSERT_NO_FATAL_FAILURE(selectPath("INBOX"));
        EXPECT_FALSE(menuEnabled(MainFrame::renameFolderMenuId()));
        EXPECT_FALSE(menuEnabled(MainFrame::deleteFolderMenuId()));
        EXPECT_TRUE(menuEnabled(MainFrame::newFolderMenuId()));

        // New Folder under Projects: the dialog refuses an empty name and the separator.
        ASSERT_NO_FATAL_FAILURE(selectPath("Projects"));
        ModalScripts modals;
        expectName(modals, "new", "Vögel", {"a/b", "   "});
        menu(MainFrame::newFolderMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("new"); }, 20s));
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        // Dovecot lists the name in modified UTF-7.
        EXPECT_EQ(imap_->mailboxes("LIST").count("Projects/V&APY-gel"), 1u);
        ASSERT_TRUE(frame_->folderTree()->findPath(accountId_, "Projects/Vögel").IsOk()) << "the tree shows it";
        const auto selected = frame_->folderTree()->selectedEntry();
        ASSERT_TRUE(selected.has_value());
        EXPECT_EQ(selected->path, "Projects/Vögel") << "the new folder is selected";

        // A child inside it, then rename the parent: the child moves along on the server.
        expectName(modals, "child", "Nest");
        menu(MainFrame::newFolderMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("child"); }, 20s));
        ASSERT_TRUE(jobsDone());
        EXPECT_EQ(imap_->mailboxes("LIST").count("Projects/V&APY-gel/Nest"), 1u);
        screenshot("folder-created", frame_);

        ASSERT_NO_FATAL_FAILURE(selectPath("Projects/Vögel"));
        EXPECT_TRUE(menuEnabled(MainFrame::renameFolderMenuId()));
        expectName(modals, "rename", "Birds", {"Vögel"});
        menu(MainFrame::renameFolderMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("rename"); }, 20s));
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        auto folders = imap_->mailboxes("LIST");
        EXPECT_EQ(folders.count("Projects/Birds"), 1u);
        EXPECT_EQ(folders.count("Projects/Birds/Nest"), 1u);
        EXPECT_EQ(folders.count("Projects/V&APY-gel"), 0u);
        const auto subscribed = imap_->mailboxes("LSUB");
        EXPECT_EQ(subscribed.count("Projects/Birds"), 1u);
        EXPECT_EQ(subscribed.count("Projects/Birds/Nest"), 1u) << "the child keeps its subscription";
        EXPECT_TRUE(frame_->folderTree()->findPath(accountId_, "Projects/Birds/Nest").IsOk());
        EXPECT_FALSE(frame_->folderTree()->findPath(accountId_, "Projects/Vögel").IsOk());
        screenshot("folder-renamed", frame_);

        // Subscribed (a check item): Archive/2024 of the sample mail is not subscribed.
        ASSERT_EQ(imap_->mailboxes("LSUB").count("Archive/2024"), 0u);
        ASSERT_NO_FATAL_FAILURE(selectPath("Archive/2024"));
        EXPECT_TRUE(menuEnabled(MainFrame::subscribeFolderMenuId()));
        EXPECT_FALSE(frame_->GetMenuBar()->IsChecked(MainFrame::subscribeFolderMenuId()));
        menu(MainFrame::subscribeFolderMenuId());
        ASSERT_TRUE(jobsDone());
        EXPECT_EQ(imap_->mailboxes("LSUB").count("Archive/2024"), 1u);
        ASSERT_NO_FATAL_FAILURE(selectPath("Archive/2024"));
        frame_->UpdateWindowUI(wxUPDATE_UI_RECURSE);
        EXPECT_TRUE(frame_->GetMenuBar()->IsChecked(MainFrame::subscribeFolderMenuId()));
        menu(MainFrame::subscribeFolderMenuId());
        ASSERT_TRUE(jobsDone());
        EXPECT_EQ(imap_->mailboxes("LSUB").count("Archive/2024"), 0u);

        // Delete asks, naming the folder and its subfolder; Keep leaves everything in place.
        ASSERT_NO_FATAL_FAILURE(selectPath("Projects/Birds"));
        wxString question;
        modals.expectIf(
            "keep", [](wxDialog* d) { return d->GetName() == "ConfirmDeleteFolder"; },
            [&](wxDialog* d) {
                question = static_cast<wxGenericMessageDialog*>(d)->GetMessage();
                d->EndModal(wxID_NO);
            });
        menu(MainFrame::deleteFolderMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("keep"); }, 10s));
        EXPECT_NE(toUtf8(question).find("Projects/Birds"), std::string::npos) << toUtf8(question);
        EXPECT_NE(toUtf8(question).find("1 subfolder"), std::string::npos) << toUtf8(question);
        EXPECT_NE(toUtf8(question).find("0 messages"), std::string::npos) << toUtf8(question);
        spinFor(300ms);
        EXPECT_EQ(frame_->jobTracker().runningCount(), 0u);
        EXPECT_EQ(imap_->mailboxes("LIST").count("Projects/Birds"), 1u);

        // Delete: the folder and its child go (deepest first), on the server and in the tree.
        modals.answer("delete", "ConfirmDeleteFolder", wxID_YES);
        menu(MainFrame::deleteFolderMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("delete"); }, 10s));
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        folders = imap_->mailboxes("LIST");
        EXPECT_EQ(folders.count("Projects/Birds"), 0u);
        EXPECT_EQ(folders.count("Projects/Birds/Nest"), 0u);
        EXPECT_EQ(folders.count("Projects"), 1u) << "the parent stays";
        EXPECT_FALSE(frame_->folderTree()->findPath(accountId_, "Projects/Birds").IsOk());
        EXPECT_TRUE(modals.pending().empty());
        screenshot("folder-deleted", frame_);
    });
}

TEST_F(LiveFolderTest, MoveByDropAndMenuThenSaveAsEml) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ASSERT_NO_FATAL_FAILURE(selectFolder("INBOX"));
        MessageList* list = frame_->messageList();
        ASSERT_GT(list->GetItemCount(), 3);

        // Drop a message on Archive through the tree's drop target (OnEnter/OnDrop, then what
        // OnData does with the dragged rows' data). A real mouse drag with wxUIActionSimulator
        // under Xvfb never ends: GTK's drag loop does not see the simulated release.
        const long dragged = clickRow(0);
        const auto summary = list->summaryAt(dragged);
        ASSERT_TRUE(summary.has_value());
        const std::string subject = summary->subject;
        ASSERT_FALSE(summary->messageId.empty());
        const std::size_t inArchiveBefore = serverCountWithId("Archive", summary->messageId);
        ASSERT_GE(imap_->search("INBOX", "UID " + std::to_string(summary->uid)).size(), 1u);
        ui::FolderTree* tree = frame_->folderTree();
        const wxTreeItemId archive = tree->findPath(accountId_, "Archive");
        ASSERT_TRUE(archive.IsOk());
        tree->EnsureVisible(archive);
        wxRect rect;
        ASSERT_TRUE(tree->GetBoundingRect(archive, rect, true));
        const wxPoint at(rect.x + rect.width / 2, rect.y + rect.height / 2);
        ui::FolderDropTarget* target = frame_->folderDropTarget();
        ASSERT_NE(target, nullptr);
        EXPECT_EQ(target->OnEnter(at.x, at.y, wxDragMove), wxDragMove);
        EXPECT_TRUE(target->OnDrop(at.x, at.y));
        // Not onto the account node.
        wxRect accountRect;
        ASSERT_TRUE(tree->GetBoundingRect(tree->findAccount(accountId_), accountRect, true));
        EXPECT_EQ(target->OnDragOver(accountRect.x + 5, accountRect.y + accountRect.height / 2, wxDragMove),
                  wxDragNone);
        const ui::MessageDragData::Payload payload{accountId_, {summary->id}};
        EXPECT_EQ(target->deliver(at.x, at.y, payload, wxDragMove), wxDragMove);
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(imap_->search("INBOX", "UID " + std::to_string(summary->uid)).empty()) << "left the INBOX";
        EXPECT_EQ(serverCountWithId("Archive", summary->messageId), inArchiveBefore + 1) << subject;
        EXPECT_TRUE(spinUntil([&] { return rowOf(subject) < 0 || list->summaryAt(rowOf(subject))->id != summary->id; }));
        screenshot("message-dropped", frame_);

        // Move To...: the chooser lists the account's folders (not the INBOX itself).
        const long moved = clickRow(0);
        const auto second = list->summaryAt(moved);
        ASSERT_TRUE(second.has_value());
        const std::size_t inProjectsBefore = serverCountWithId("Projects", second->messageId);
        ModalScripts modals;
        modals.expect<FolderChooserDialog>("chooser", [](FolderChooserDialog& dialog) {
            EXPECT_FALSE(dialog.choose("INBOX")) << "a move to where it is is not offered";
            ASSERT_TRUE(dialog.choose("Projects"));
            clickOn(dialog.FindWindow(wxID_OK));
        });
        menu(MainFrame::moveToMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("chooser"); }, 20s));
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(imap_->search("INBOX", "UID " + std::to_string(second->uid)).empty());
        EXPECT_EQ(serverCountWithId("Projects", second->messageId), inProjectsBefore + 1);

        // Copy To...: the message stays and a copy lands in Sent.
        const long copied = clickRow(0);
        const auto third = list->summaryAt(copied);
        ASSERT_TRUE(third.has_value());
        const std::size_t inSentBefore = serverCountWithId("Sent", third->messageId);
        modals.expect<FolderChooserDialog>("copy", [](FolderChooserDialog& dialog) {
            ASSERT_TRUE(dialog.choose("Sent"));
            dialog.EndModal(wxID_OK);
        });
        menu(MainFrame::copyToMenuId());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("copy"); }, 20s));
        ASSERT_TRUE(jobsDone());
        EXPECT_EQ(imap_->search("INBOX", "UID " + std::to_string(third->uid)).size(), 1u);
        EXPECT_EQ(serverCountWithId("Sent", third->messageId), inSentBefore + 1);

        // Save As: the file holds exactly the server's bytes, under a name made from the subject.
        const long savedRow = clickRow(1);
        const auto saved = list->summaryAt(savedRow);
        ASSERT_TRUE(saved.has_value());
        TempDir out;
        wxString suggested;
        frame_->chooseEmlPath = [&](const wxString& name) {
            suggested = name;
            return wxString::FromUTF8((out.path() / toUtf8(name)).string());
        };
        menu(wxID_SAVEAS);
        ASSERT_TRUE(spinUntil([&] { return !suggested.empty(); }, 10s));
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(toUtf8(suggested).size() > 4 && toUtf8(suggested).substr(toUtf8(suggested).size() - 4) == ".eml")
            << toUtf8(suggested);
        EXPECT_EQ(toUtf8(suggested).find('/'), std::string::npos);
        const auto file = out.path() / toUtf8(suggested);
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string server = imap_->message("INBOX", saved->uid);
        ASSERT_FALSE(server.empty());
        EXPECT_EQ(bytes.size(), server.size());
        EXPECT_TRUE(bytes == server) << "the .eml differs from the server's message";
        std::cout << "saved " << bytes.size() << " bytes as " << toUtf8(suggested) << "\n";
        screenshot("message-moved-saved", frame_);
    });
}

TEST_F(LiveFolderTest, MarkReadAndDeleteSeveralSelectedMessages) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ASSERT_NO_FATAL_FAILURE(selectFolder("INBOX"));
        MessageList* list = frame_->messageList();
        // Two unread rows, selected together.
        std::vector<long> rows;
        for (long row = 0; row < list->GetItemCount() && rows.size() < 2; ++row)
            if (auto s = list->summaryAt(row); s && !(s->flags & model::FlagSeen)) rows.push_back(row);
        ASSERT_EQ(rows.size(), 2u);
        const auto first = *list->summaryAt(rows[0]);
        const auto second = *list->summaryAt(rows[1]);
        clickRow(rows[0]);
        list->SetItemState(rows[1], wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        ASSERT_TRUE(spinUntil([&] { return list->GetSelectedItemCount() == 2; }));

        menu(MainFrame::markReadMenuId());
        ASSERT_TRUE(jobsDone());
        EXPECT_NE(imap_->flags("INBOX", first.uid).find("\\Seen"), std::string::npos) << imap_->flags("INBOX", first.uid);
        EXPECT_NE(imap_->flags("INBOX", second.uid).find("\\Seen"), std::string::npos) << imap_->flags("INBOX", second.uid);
        screenshot("messages-marked-read", frame_);

        // Delete key in the list, both selected again (the list was re-read after the change).
        clickRow(rowOf(first.subject));
        list->SetItemState(rowOf(second.subject), wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        ASSERT_TRUE(spinUntil([&] { return list->GetSelectedItemCount() == 2; }));
        list->SetFocus();
        spinFor(100ms);
        pressKey(WXK_DELETE);
        ASSERT_TRUE(spinUntil([&] { return frame_->jobTracker().runningCount() > 0; }, 5s) ||
                    imap_->search("INBOX", "UID " + std::to_string(first.uid)).empty());
        ASSERT_TRUE(jobsDone());
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(imap_->search("INBOX", "UID " + std::to_string(first.uid)).empty());
        EXPECT_TRUE(imap_->search("INBOX", "UID " + std::to_string(second.uid)).empty());
        EXPECT_GE(serverCountWithId("Trash", first.messageId), 1u) << "the account's policy moves to Trash";
        EXPECT_TRUE(spinUntil([&] { return rowOf(first.subject) < 0 || rowOf(second.subject) < 0; }));
        screenshot("messages-deleted", frame_);
    });
}

}  // namespace
}  // namespace petrel::guitest
