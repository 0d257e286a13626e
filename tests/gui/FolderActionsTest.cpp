// Folder and message actions of the main window that need no server: what the menus offer per
// node, the folder name dialog's checks, local (POP3) folders, the "On server" node, and drops
// the tree refuses.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/menu.h>
#include <wx/textctrl.h>

#include <chrono>
#include <memory>
#include <string>

#include "DisplayFormat.h"
#include "DropTargets.h"
#include "EventLoopDriver.h"
#include "FolderActions.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "MessageActions.h"
#include "Pop3ServerView.h"
#include "TestProfile.h"
#include "dialogs/FolderNameDialog.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"

using namespace std::chrono_literals;
using petrel::ui::FolderTree;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class FolderActionsTest : public ::testing::Test {
protected:
    void SetUp() override {
        config_ = std::make_unique<ScopedConfig>(settingsDir_.path() / "settings.ini");
        frame_ = new MainFrame(ui::LocalIndex::open(profile_.profile()), wxString::FromUTF8(profile_.directory().string()));
        frame_->Show();
        ASSERT_TRUE(waitFor([this] { return frame_->IsShownOnScreen(); }));
        pump(200ms);
    }

    void TearDown() override {
        frame_->Close(true);
        ASSERT_TRUE(waitFor([] { return wxTopLevelWindows.empty(); }));
        config_.reset();
    }

    void select(const wxTreeItemId& item) {
        ASSERT_TRUE(item.IsOk());
        frame_->folderTree()->SelectItem(item);
        pump(100ms);
    }

    bool enabled(int id) {
        frame_->UpdateWindowUI(wxUPDATE_UI_RECURSE);
        const wxMenuItem* item = frame_->GetMenuBar()->FindItem(id);
        return item && item->IsEnabled();
    }

    TempDir settingsDir_;
    TestProfile profile_;
    std::unique_ptr<ScopedConfig> config_;
    MainFrame* frame_ = nullptr;
};

TEST_F(FolderActionsTest, MenusFollowTheSelectedNode) {
    FolderTree* tree = frame_->folderTree();
    select(tree->findFolder(profile_.workInbox));
    EXPECT_TRUE(enabled(MainFrame::newFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::renameFolderMenuId())) << "INBOX is never renamed";
    EXPECT_FALSE(enabled(MainFrame::deleteFolderMenuId())) << "INBOX is never deleted";
    EXPECT_TRUE(enabled(MainFrame::subscribeFolderMenuId()));

    select(tree->findFolder(profile_.workSent));
    EXPECT_TRUE(enabled(MainFrame::renameFolderMenuId()));
    EXPECT_TRUE(enabled(MainFrame::deleteFolderMenuId()));
    EXPECT_TRUE(frame_->folderActions().isSubscribed());

    // "Archive" exists only as the parent of Archive/2025: it can be deleted (with its child),
    // not renamed.
    select(tree->findPath(profile_.workId, "Archive"));
    EXPECT_FALSE(enabled(MainFrame::renameFolderMenuId()));
    EXPECT_TRUE(enabled(MainFrame::deleteFolderMenuId()));
    bool children = false;
    const auto account = tree->selectedAccount();
    ASSERT_TRUE(account.has_value());
    const std::string question = toUtf8(frame_->folderActions().deleteQuestion(*account, "Archive", &children));
    EXPECT_TRUE(children);
    EXPECT_NE(question.find("Archive and its 1 subfolder"), std::string::npos) << question;
    EXPECT_NE(question.find("2 messages"), std::string::npos) << question;
    EXPECT_NE(question.find("on the server"), std::string::npos) << question;

    // The Home POP3 account: local folders (no subscription) and the "On server" node.
    select(tree->findFolder(profile_.homeInbox));
    EXPECT_FALSE(enabled(MainFrame::subscribeFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::deleteFolderMenuId()));
    const wxTreeItemId server = tree->findPop3Server(profile_.homeId);
    ASSERT_TRUE(server.IsOk());
    EXPECT_EQ(toUtf8(tree->GetItemText(server)), "On server");
    EXPECT_FALSE(tree->findPop3Server(profile_.workId).IsOk()) << "IMAP accounts have none";

    // Selecting it while offline: the server list replaces the message list, nothing is asked.
    frame_->setWorkOffline(true);
    select(server);
    EXPECT_TRUE(frame_->pop3ServerView()->IsShown());
    EXPECT_FALSE(frame_->messageList()->GetParent()->IsShown());
    EXPECT_EQ(frame_->jobTracker().runningCount(), 0u);
    EXPECT_FALSE(enabled(MainFrame::newFolderMenuId()));
    screenshot("pop3-server-node-offline", frame_);
    select(tree->findFolder(profile_.homeInbox));
    EXPECT_FALSE(frame_->pop3ServerView()->IsShown());
    EXPECT_TRUE(frame_->messageList()->GetParent()->IsShown());
}

TEST_F(FolderActionsTest, NameDialogRefusesEmptyNamesAndTheSeparator) {
    ui::FolderNameDialog dialog(frame_, "New Folder", "Name:", wxString(), '/');
    EXPECT_FALSE(dialog.okButton()->IsEnabled());
    dialog.field()->ChangeValue("Reisen/2026");
    wxCommandEvent typed(wxEVT_TEXT, dialog.field()->GetId());
    typed.SetEventObject(dialog.field());
    dialog.field()->ProcessWindowEvent(typed);
    EXPECT_FALSE(dialog.okButton()->IsEnabled());
    EXPECT_NE(toUtf8(dialog.problem()).find("'/'"), std::string::npos) << toUtf8(dialog.problem());
    dialog.field()->SetValue("   ");
    EXPECT_FALSE(dialog.okButton()->IsEnabled());
    dialog.field()->SetValue("  Reisen 2026 ");
    EXPECT_TRUE(dialog.okButton()->IsEnabled());
    EXPECT_EQ(dialog.name(), "Reisen 2026");

    ui::FolderNameDialog rename(frame_, "Rename", "New name:", "Sent", '.');
    EXPECT_FALSE(rename.okButton()->IsEnabled()) << "the unchanged name";
    rename.field()->SetValue("Sent/2026");
    EXPECT_TRUE(rename.okButton()->IsEnabled()) << "'/' is not this account's separator";
    rename.field()->SetValue("Sent.2026");
    EXPECT_FALSE(rename.okButton()->IsEnabled());
}

TEST_F(FolderActionsTest, LocalFolderOfAPop3AccountIsCreatedWithoutAServer) {
    const auto account = frame_->folderTree()->entryAt(frame_->folderTree()->findAccount(profile_.homeId));
    ASSERT_TRUE(account.has_value());
    // Even offline: a POP3 folder is local.
    frame_->setWorkOffline(true);
    ASSERT_TRUE(frame_->folderActions().create(account->account, "Family").has_value());
    ASSERT_TRUE(waitFor([&] { return frame_->jobTracker().runningCount() == 0; }, 10s));
    store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadOnly);
    const auto made = store::FolderRepository(db).find(profile_.homeId, "Family");
    ASSERT_TRUE(made.has_value());
    EXPECT_TRUE(made->local);
    const wxTreeItemId item = frame_->folderTree()->findFolder(made->id);
    ASSERT_TRUE(item.IsOk());
    EXPECT_EQ(frame_->folderTree()->GetSelection(), item) << "the new folder is selected";

    // A Home message dropped on it moves there, locally, offline as it is.
    const auto dinner = store::MessageIndex(db).find(profile_.homeInbox, 1);
    ASSERT_TRUE(dinner.has_value());
    frame_->folderTree()->EnsureVisible(item);
    wxRect rect;
    ASSERT_TRUE(frame_->folderTree()->GetBoundingRect(item, rect, true));
    const ui::MessageDragData::Payload what{profile_.homeId, {dinner->id}};
    EXPECT_EQ(frame_->folderDropTarget()->deliver(rect.x + rect.width / 2, rect.y + rect.height / 2, what, wxDragMove),
              wxDragMove);
    ASSERT_TRUE(waitFor([&] { return frame_->jobTracker().runningCount() == 0; }, 10s));
    const auto moved = store::MessageIndex(db).findById(dinner->id);
    ASSERT_TRUE(moved.has_value());
    EXPECT_EQ(moved->folderId, made->id);
    EXPECT_EQ(store::FolderRepository(db).findById(made->id)->total, 1u);
    EXPECT_EQ(store::FolderRepository(db).findById(profile_.homeInbox)->total, 2u);

    // An IMAP folder is not created while offline: the job is refused, nothing changes.
    const auto work = frame_->folderTree()->entryAt(frame_->folderTree()->findAccount(profile_.workId));
    EXPECT_FALSE(frame_->folderActions().create(work->account, "Never").has_value());
    EXPECT_NE(toUtf8(frame_->GetStatusBar()->GetStatusText(0)).find("offline"), std::string::npos);
}

TEST_F(FolderActionsTest, DropsOutsideTheAccountOrBesideAFolderAreRefused) {
    FolderTree* tree = frame_->folderTree();
    ui::FolderDropTarget* target = frame_->folderDropTarget();
    ASSERT_NE(target, nullptr);
    const wxTreeItemId sent = tree->findFolder(profile_.workSent);
    ASSERT_TRUE(sent.IsOk());
    wxRect rect;
    ASSERT_TRUE(tree->GetBoundingRect(sent, rect, true));
    const wxPoint at(rect.x + rect.width / 2, rect.y + rect.height / 2);
    EXPECT_EQ(target->OnDragOver(at.x, at.y, wxDragMove), wxDragMove);

    // A message of the Home account onto Work's Sent: refused, with a reason in the status bar.
    store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadOnly);
    const ui::MessageDragData::Payload fromHome{profile_.homeId, {1}};
    EXPECT_EQ(target->deliver(at.x, at.y, fromHome, wxDragMove), wxDragNone);
    EXPECT_EQ(frame_->jobTracker().runningCount(), 0u);
    EXPECT_NE(toUtf8(frame_->GetStatusBar()->GetStatusText(0)).find("within their account"), std::string::npos)
        << toUtf8(frame_->GetStatusBar()->GetStatusText(0));

    // Onto an account node or the "On server" node: nothing.
    for (const wxTreeItemId& item : {tree->findAccount(profile_.workId), tree->findPop3Server(profile_.homeId)}) {
        ASSERT_TRUE(tree->GetBoundingRect(item, rect, true));
        EXPECT_EQ(target->OnDragOver(rect.x + rect.width / 2, rect.y + rect.height / 2, wxDragMove), wxDragNone);
    }

    // The drag data carries the account and the rows.
    ui::MessageDragData data(7, {11, 12, 13});
    const auto payload = data.payload();
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ(payload->accountId, 7);
    EXPECT_EQ(payload->messageIds, (std::vector<std::int64_t>{11, 12, 13}));
}

TEST(MessageActions, EmlFileNamesAreSafe) {
    using ui::MessageActions;
    EXPECT_EQ(MessageActions::emlFileName("Invoice 2025-031"), "Invoice 2025-031.eml");
    const std::string hostile = MessageActions::emlFileName("Re: ../../etc/passwd");
    EXPECT_EQ(hostile.find('/'), std::string::npos) << hostile;
    EXPECT_EQ(hostile.find(".."), std::string::npos) << hostile;
    EXPECT_EQ(hostile.substr(hostile.size() - 4), ".eml");
    EXPECT_EQ(MessageActions::emlFileName(""), "message.eml");
    EXPECT_EQ(MessageActions::emlFileName("..."), "message.eml");
    const std::string longSubject(200, 'x');
    EXPECT_EQ(MessageActions::emlFileName(longSubject).size(), 84u);
    // A cut never splits a UTF-8 character.
    std::string umlauts;
    for (int i = 0; i < 50; ++i) umlauts += "\xc3\xbc";
    const std::string cut = MessageActions::emlFileName(umlauts);
    EXPECT_TRUE(wxString::FromUTF8(cut).length() > 0) << cut;
    EXPECT_EQ(cut, std::string(umlauts, 0, 80) + ".eml");
    // ...and drops one it would split.
    const std::string odd = std::string(79, 'a') + umlauts;
    EXPECT_EQ(MessageActions::emlFileName(odd), std::string(79, 'a') + ".eml");
}

}  // namespace
}  // namespace petrel::guitest
