// The "All Inboxes" node (issue #5 item 1): every account's inbox merged into one list, no
// server needed. The profile (TestProfile) holds Work (IMAP) INBOX with 5 messages (2 unread)
// and Home (POP3) Inbox with 3 (1 unread).
#include <gtest/gtest.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/treectrl.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "DisplayFormat.h"
#include "DropTargets.h"
#include "FolderActions.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "TestProfile.h"
#include "model/MessageSummary.h"
#include "store/Db.h"
#include "store/MessageIndex.h"
#include "store/PageQuery.h"

using namespace std::chrono_literals;
using petrel::ui::FolderTree;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class UnifiedInboxTest : public ::testing::Test {
protected:
    void SetUp() override {
        config_ = std::make_unique<ScopedConfig>(settingsDir_.path() / "settings.ini");
        openFrame();
    }

    void TearDown() override {
        closeFrame();
        config_.reset();
    }

    void openFrame() {
        frame_ = new MainFrame(ui::LocalIndex::open(profile_.profile()),
                               wxString::FromUTF8(profile_.directory().string()));
        frame_->SetSize(frame_->FromDIP(wxSize(1200, 800)));
        frame_->Show();
        ASSERT_TRUE(waitFor([this] { return frame_->IsShownOnScreen(); }));
        // Nothing here may reach for the (made-up) servers.
        frame_->setWorkOffline(true);
        pump(200ms);
    }

    void closeFrame() {
        if (!frame_) return;
        frame_->Close(true);
        ASSERT_TRUE(waitFor([] { return wxTopLevelWindows.empty(); }));
        frame_ = nullptr;
    }

    FolderTree* tree() const { return frame_->folderTree(); }
    MessageList* list() const { return frame_->messageList(); }

    wxTreeItemId allInboxes() const {
        wxTreeItemIdValue cookie;
        return tree()->GetFirstChild(tree()->GetRootItem(), cookie);
    }

    void clickAllInboxes() {
        const wxTreeItemId item = allInboxes();
        ASSERT_TRUE(item.IsOk());
        wxRect rect;
        ASSERT_TRUE(tree()->GetBoundingRect(item, rect, true));
        clickAt(tree()->ClientToScreen(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)));
        ASSERT_TRUE(waitFor([&] { return list()->folderId() == store::kAllInboxesFolderId; }))
            << "clicking All Inboxes did not show the merged list";
        pump(100ms);
    }

    bool enabled(int id) {
        frame_->UpdateWindowUI(wxUPDATE_UI_RECURSE);
        const wxMenuItem* item = frame_->GetMenuBar()->FindItem(id);
        return item && item->IsEnabled();
    }

    std::vector<std::string> subjects() const {
        std::vector<std::string> out;
        for (long row = 0; row < list()->GetItemCount(); ++row)
            out.push_back(toUtf8(list()->GetItemText(row, MessageList::ColSubject)));
        return out;
    }

    long rowOf(const std::string& subject) const {
        for (long row = 0; row < list()->GetItemCount(); ++row)
            if (toUtf8(list()->GetItemText(row, MessageList::ColSubject)) == subject) return row;
        return -1;
    }

    void selectOnly(const std::vector<std::string>& wanted) {
        for (long row = 0; row < list()->GetItemCount(); ++row)
            list()->SetItemState(row, 0, wxLIST_STATE_SELECTED);
        for (const auto& subject : wanted) {
            const long row = rowOf(subject);
            ASSERT_GE(row, 0) << subject;
            list()->SetItemState(row, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        }
        pump(100ms);
    }

    TempDir settingsDir_;
    std::unique_ptr<ScopedConfig> config_;
    TestProfile profile_;
    MainFrame* frame_ = nullptr;
};

// Both inboxes, newest first (the hours after the profile's base date in brackets).
const std::vector<std::string> kMergedByDate = {
    "Quarterly report",        // Work 50
    "Sunday dinner",           // Home 45
    "Re: Lunch on Friday?",    // Work 40
    "Build failed on main",    // Work 30
    "Your order has shipped",  // Home 25
    "Invoice 2025-031",        // Work 20
    "Newsletter March",        // Home 15
    "Welcome to Petrel",       // Work 10
};

TEST_F(UnifiedInboxTest, ShowsEveryInboxMergedWithTheSummedUnreadCount) {
    const wxTreeItemId item = allInboxes();
    ASSERT_TRUE(item.IsOk());
    EXPECT_EQ(toUtf8(tree()->GetItemText(item)), "All Inboxes (3)");
    EXPECT_TRUE(tree()->IsBold(item));
    EXPECT_EQ(tree()->entryAt(item)->kind, FolderTree::Kind::AllInboxes);

    clickAllInboxes();
    EXPECT_EQ(subjects(), kMergedByDate);
    EXPECT_EQ(toUtf8(frame_->GetStatusBar()->GetStatusText(1)), "8 messages, 3 unread");
    EXPECT_NE(toUtf8(frame_->GetTitle()).find("All Inboxes"), std::string::npos) << toUtf8(frame_->GetTitle());
    // The node is neither a folder nor an account: nothing asks for one.
    EXPECT_FALSE(tree()->selectedFolder().has_value());
    EXPECT_FALSE(tree()->selectedAccount().has_value());

    EXPECT_FALSE(enabled(MainFrame::newFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::renameFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::deleteFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::subscribeFolderMenuId()));
    EXPECT_FALSE(enabled(MainFrame::refreshFolderMenuId()));
    EXPECT_FALSE(frame_->folderActions().canCreate());
    EXPECT_FALSE(frame_->folderActions().canRename());
    EXPECT_FALSE(frame_->folderActions().canDelete());
    screenshot("unified-inbox", frame_);

    // Sorting works as in any folder: by subject, ascending, "Re:" not counted.
    list()->setSort(store::SortKey::Subject, false);
    pump(100ms);
    EXPECT_EQ(subjects(), (std::vector<std::string>{"Build failed on main", "Invoice 2025-031", "Re: Lunch on Friday?",
                                                    "Newsletter March", "Quarterly report", "Sunday dinner",
                                                    "Welcome to Petrel", "Your order has shipped"}));
}

TEST_F(UnifiedInboxTest, ActionsOnRowsFindEachMessagesOwnAccount) {
    clickAllInboxes();
    store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadOnly);
    store::MessageIndex index(db);
    const auto dinner = index.find(profile_.homeInbox, 1);
    const auto report = index.find(profile_.workInbox, 1);
    ASSERT_TRUE(dinner.has_value());
    ASSERT_TRUE(report.has_value());

    // Dragging carries the message's real account; rows of two accounts do not drag at all.
    selectOnly({"Sunday dinner"});
    auto payload = frame_->selectedDragPayload();
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ(payload->accountId, profile_.homeId);
    EXPECT_EQ(payload->messageIds, std::vector<std::int64_t>{dinner->id});
    selectOnly({"Quarterly report"});
    payload = frame_->selectedDragPayload();
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ(payload->accountId, profile_.workId);
    selectOnly({"Quarterly report", "Sunday dinner"});
    EXPECT_FALSE(frame_->selectedDragPayload().has_value());

    // Nothing can be dropped on the All Inboxes node.
    ui::FolderDropTarget* target = frame_->folderDropTarget();
    wxRect rect;
    ASSERT_TRUE(tree()->GetBoundingRect(allInboxes(), rect, true));
    const wxPoint at(rect.x + rect.width / 2, rect.y + rect.height / 2);
    EXPECT_EQ(target->OnDragOver(at.x, at.y, wxDragMove), wxDragNone);
    EXPECT_EQ(target->deliver(at.x, at.y, {profile_.homeId, {dinner->id}}, wxDragMove), wxDragNone);
    EXPECT_EQ(index.findById(dinner->id)->folderId, profile_.homeInbox);

    // New mail in one inbox (as a Check Mail writes it), then the reload a finished check runs:
    // the merged list and the node's count follow, the node stays selected.
    {
        store::Db writer(profile_.profile().databasePath());
        model::MessageSummary mail;
        mail.folderId = profile_.homeInbox;
        mail.uid = 4;
        mail.date = mail.internalDate = 1741597200 + 60 * 3600;
        mail.from = "Gran <gran@example.net>";
        mail.subject = "Birthday plans";
        mail.size = 1200;
        store::MessageIndex(writer).upsertBatch({mail});
    }
    wxCommandEvent refresh(wxEVT_MENU, wxID_REFRESH);
    frame_->ProcessWindowEvent(refresh);
    ASSERT_TRUE(waitFor([&] { return list()->GetItemCount() == 9; }, 5s));
    EXPECT_EQ(list()->folderId(), store::kAllInboxesFolderId);
    EXPECT_EQ(tree()->GetSelection(), allInboxes());
    auto withNew = kMergedByDate;
    withNew.insert(withNew.begin(), "Birthday plans");
    EXPECT_EQ(subjects(), withNew);
    EXPECT_EQ(toUtf8(tree()->GetItemText(allInboxes())), "All Inboxes (4)");
    EXPECT_EQ(toUtf8(frame_->GetStatusBar()->GetStatusText(1)), "9 messages, 4 unread");
}

TEST_F(UnifiedInboxTest, IsRestoredAsTheLastSelectedNode) {
    clickAllInboxes();
    closeFrame();
    openFrame();
    EXPECT_EQ(list()->folderId(), store::kAllInboxesFolderId);
    EXPECT_EQ(tree()->GetSelection(), allInboxes());
    EXPECT_EQ(subjects(), kMergedByDate);
}

}  // namespace
}  // namespace petrel::guitest
