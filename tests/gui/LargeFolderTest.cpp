// Speed and memory of a 100,000-message folder (issue #5 item 6): printed, never asserted. The
// index is filled through the store in one transaction; the window then shows it from the index.
#include <gtest/gtest.h>
#include <wx/listctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "TestProfile.h"
#include "model/FolderInfo.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/Txn.h"

using namespace std::chrono_literals;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

constexpr std::uint32_t kMessages = 100000;

// The process's resident set in MB (Linux), -1 elsewhere.
double rssMb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

// A key through XTest, without the settling pause of pressKey: the time until the list draws is
// what is measured (the event loop is polled every 10 ms, the figures' resolution).
void sendKey(int keycode) {
    wxUIActionSimulator simulator;
    simulator.Char(keycode);
}

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

TEST(LargeFolder, FiguresForAHundredThousandMessages) {
    TestProfile profile;
    TempDir settings;
    ScopedConfig config(settings.path() / "settings.ini");
    std::int64_t folderId = 0;
    const auto fillStart = std::chrono::steady_clock::now();
    {
        store::Db writer(profile.profile().databasePath());
        model::FolderInfo big;
        big.accountId = profile.workId;
        big.path = "Lists/Big";
        folderId = store::FolderRepository(writer).upsert(big);
        store::Txn txn(writer);
        store::MessageIndex index(writer);
        std::vector<model::MessageSummary> batch;
        batch.reserve(kMessages);
        for (std::uint32_t i = 1; i <= kMessages; ++i) {
            model::MessageSummary mail;
            mail.folderId = folderId;
            mail.uid = i;
            mail.date = mail.internalDate = 1500000000 + static_cast<std::int64_t>(i) * 600;
            mail.flags = i % 7 == 0 ? model::Flags{0} : model::Flags{model::FlagSeen};
            mail.from =
                "Sender " + std::to_string(i % 997) + " <s" + std::to_string(i % 997) + "@example.com>";
            mail.to = "list@example.com";
            mail.subject = "Message number " + std::to_string(i) + " about topic " + std::to_string(i % 113);
            mail.messageId = "<" + std::to_string(i) + "@big.example.com>";
            mail.size = 2000 + (i % 50000);
            mail.hasAttachment = i % 11 == 0;
            batch.push_back(std::move(mail));
        }
        index.upsertBatch(batch);
        txn.commit();
    }
    std::cout << "[figures] filled the index with " << kMessages << " messages in " << msSince(fillStart)
              << " ms\n";

    auto* frame = new MainFrame(ui::LocalIndex::open(profile.profile()),
                                wxString::FromUTF8(profile.directory().string()));
    // Nothing here may reach for the (made-up) servers when End selects the last row.
    frame->engineHost().setOffline(true);
    frame->SetSize(frame->FromDIP(wxSize(1300, 900)));
    frame->Show();
    runInEventLoop([&] {
        ASSERT_TRUE(spinUntil([frame] { return frame->IsShownOnScreen(); }));
        spinFor(300ms);
        const double rssBefore = rssMb();
        MessageList* list = frame->messageList();

        const wxTreeItemId item = frame->folderTree()->findFolder(folderId);
        ASSERT_TRUE(item.IsOk());
        const auto selectStart = std::chrono::steady_clock::now();
        frame->folderTree()->SelectItem(item);
        ASSERT_TRUE(spinUntil([list] { return list->rowTextRequests() > 0; }, 10s));
        const double firstRows = msSince(selectStart);
        const double rssFirst = rssMb();
        ASSERT_EQ(list->GetItemCount(), static_cast<int>(kMessages));
        // Newest first.
        EXPECT_EQ(toUtf8(list->GetItemText(0, MessageList::ColSubject)),
                  "Message number " + std::to_string(kMessages) + " about topic " +
                      std::to_string(kMessages % 113));
        screenshot("large-folder-first-rows", frame);

        frame->Raise();
        list->SetFocus();
        ASSERT_TRUE(spinUntil([list] { return list->HasFocus(); }, 2s));
        const auto endStart = std::chrono::steady_clock::now();
        sendKey(WXK_END);
        ASSERT_TRUE(spinUntil(
            [list] { return list->highestRowRequested() == static_cast<long>(kMessages) - 1; }, 20s))
            << "highest row drawn: " << list->highestRowRequested();
        const double toEnd = msSince(endStart);
        const double rssEnd = rssMb();
        EXPECT_EQ(toUtf8(list->GetItemText(kMessages - 1, MessageList::ColSubject)),
                  "Message number 1 about topic 1");

        // Page Up from the end: the time per page while scrolling back.
        constexpr int kPages = 20;
        const auto pageStart = std::chrono::steady_clock::now();
        for (int i = 0; i < kPages; ++i) {
            const std::uint64_t before = list->rowTextRequests();
            sendKey(WXK_PAGEUP);
            spinUntil([list, before] { return list->rowTextRequests() > before; }, 5s);
        }
        const double perPage = msSince(pageStart) / kPages;
        const double rssPages = rssMb();
        // Jumps anywhere, painted synchronously (no input simulation in the figure): a page read
        // from the index plus the drawing of the visible rows.
        constexpr int kJumps = 20;
        const auto jumpStart = std::chrono::steady_clock::now();
        for (int i = 0; i < kJumps; ++i) {
            const long row = static_cast<long>((static_cast<std::uint64_t>(i) * 48271u) % kMessages);
            list->EnsureVisible(row);
            list->Refresh();
            list->Update();
        }
        const double perJump = msSince(jumpStart) / kJumps;
        screenshot("large-folder-end", frame);

        std::cout << "[figures] 100,000-message folder: first rows painted " << firstRows
                  << " ms (goal < 300 ms); "
                  << "End to the last row " << toEnd << " ms; Page Up " << perPage
                  << " ms per page (key simulation included); a jump to a random row painted in " << perJump
                  << " ms\n"
                  << "[figures] RSS: before the folder " << rssBefore << " MB, after the first rows "
                  << rssFirst << " MB, at the end " << rssEnd << " MB, after " << kPages << " pages up "
                  << rssPages << " MB (goal < 250 MB)\n";
    });
    frame->Close(true);
    runInEventLoop([] { EXPECT_TRUE(spinUntil([] { return wxTopLevelWindows.empty(); })); });
}

}  // namespace
}  // namespace petrel::guitest
