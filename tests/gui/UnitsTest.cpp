// The GUI's pure logic: formatting, the early command line, the page cache.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "DisplayFormat.h"
#include "EarlyCommandLine.h"
#include "MessagePageCache.h"
#include "PetrelVersion.h"
#include "Settings.h"
#include "TestProfile.h"
#include "store/Db.h"
#include "store/MessageIndex.h"

using petrel::ui::format::toUtf8;
namespace format = petrel::ui::format;

namespace petrel::guitest {
namespace {

TEST(DisplayFormat, Size) {
    EXPECT_EQ(format::size(0), "0 B");
    EXPECT_EQ(format::size(1023), "1023 B");
    EXPECT_EQ(format::size(1024), "1.0 KB");
    EXPECT_EQ(format::size(1536), "1.5 KB");
    EXPECT_EQ(format::size(182345), "178 KB");
    EXPECT_EQ(format::size(5242880), "5.0 MB");
    EXPECT_EQ(format::size(1048575), "1.0 MB");
}

TEST(DisplayFormat, SenderName) {
    EXPECT_EQ(toUtf8(format::senderName("\"Doe, Jane\" <jane@example.com>")), "Doe, Jane");
    EXPECT_EQ(toUtf8(format::senderName("Bob Builder <bob@example.org>")), "Bob Builder");
    EXPECT_EQ(toUtf8(format::senderName("ci@build.example.com")), "ci@build.example.com");
    EXPECT_EQ(toUtf8(format::senderName("<bare@example.com>")), "bare@example.com");
    EXPECT_EQ(toUtf8(format::senderName("Ann <a@x>, Bob <b@x>")), "Ann");
    EXPECT_EQ(toUtf8(format::senderName("\"Say \\\"hi\\\"\" <q@x>")), "Say \"hi\"");
    EXPECT_EQ(toUtf8(format::senderName("J\xc3\xbcrgen M\xc3\xbcller <j@x.de>")),
              "J\xc3\xbcrgen M\xc3\xbcller");
    EXPECT_EQ(toUtf8(format::senderName("")), "");
}

TEST(DisplayFormat, ListDate) {
    const wxDateTime now(14, wxDateTime::Mar, 2025, 18, 0);
    const wxDateTime morning(14, wxDateTime::Mar, 2025, 9, 5);
    const wxDateTime earlier(2, wxDateTime::Jan, 2025, 7, 30);
    EXPECT_EQ(format::listDate(morning.GetTicks(), now), "09:05");
    EXPECT_EQ(format::listDate(earlier.GetTicks(), now), "2025-01-02 07:30");
    EXPECT_EQ(format::listDate(0, now), "");
}

TEST(DisplayFormat, FolderAndAccountLabels) {
    model::FolderInfo inbox;
    inbox.path = "inbox";
    EXPECT_EQ(format::folderName(inbox), "Inbox");
    model::FolderInfo nested;
    nested.path = "INBOX.Lists.wx";
    nested.separator = '.';
    EXPECT_EQ(format::folderName(nested), "wx");
    EXPECT_EQ(format::withUnread("Inbox", 0), "Inbox");
    EXPECT_EQ(format::withUnread("Inbox", 12), "Inbox (12)");

    model::AccountConfig account;
    account.name = "Work";
    account.protocol = model::Protocol::Pop3;
    EXPECT_EQ(format::accountLabel(account), "Work (POP3)");
    account.user = "bob";
    EXPECT_EQ(format::accountLabel(account), "Work (POP3, bob)");
}

std::optional<int> runEarly(std::vector<const char*> args, std::string& out) {
    args.insert(args.begin(), "petrel");
    std::ostringstream stream;
    auto code = ui::EarlyCommandLine::handle(static_cast<int>(args.size()), args.data(), stream);
    out = stream.str();
    return code;
}

TEST(EarlyCommandLine, AnswersVersionAndHelpOnly) {
    std::string out;
    EXPECT_EQ(runEarly({"--version"}, out), 0);
    EXPECT_EQ(out, std::string("petrel ") + PETREL_VERSION + "\n");
    EXPECT_EQ(runEarly({"--profile", "/tmp/x", "--help"}, out), 0);
    EXPECT_NE(out.find("--profile DIR"), std::string::npos);
    // Left to wx: normal start, and option-looking values of --profile.
    EXPECT_EQ(runEarly({"--profile", "/tmp/x"}, out), std::nullopt);
    EXPECT_EQ(runEarly({"--profile", "--version"}, out), std::nullopt);
    EXPECT_EQ(runEarly({"--", "--version"}, out), std::nullopt);
    EXPECT_EQ(out, "");
}

// XDG is the Linux convention; other platforms keep wx's own settings location.
#ifdef __linux__
TEST(Identity, SettingsLiveInTheXdgConfigFolder) {
    // main() applied PetrelApp::setUpIdentity, as PetrelApp does.
    const wxString file = ui::Settings::configFilePath();
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const std::string base = xdg && *xdg ? xdg : std::string(std::getenv("HOME")) + "/.config";
    EXPECT_EQ(toUtf8(file), base + "/petrel/petrel.conf");
}
#endif

TEST(MessagePageCache, ReadsPagesOnDemandAndEvictsTheOldest) {
    TestProfile profile;
    store::Db db(profile.profile().databasePath(), store::OpenMode::ReadOnly);
    store::MessageIndex index(db);
    ui::MessagePageCache cache(index, 2, 2);
    EXPECT_FALSE(cache.active());
    EXPECT_EQ(cache.at(0), nullptr);

    store::PageQuery query;
    query.folderId = profile.workInbox;
    cache.reset(query);
    ASSERT_EQ(cache.count(), 5u);
    std::vector<std::string> subjects;
    for (std::uint32_t row = 0; row < cache.count(); ++row) subjects.push_back(cache.at(row)->subject);
    EXPECT_EQ(subjects, TestProfile::inboxSubjectsByDate());
    EXPECT_EQ(cache.pageReads(), 3u);  // pages {0,1} {2,3} {4}
    EXPECT_EQ(cache.at(5), nullptr);

    // Pages {2,3} and {4} are cached; row 3 is free, row 0 reads again.
    cache.at(3);
    EXPECT_EQ(cache.pageReads(), 3u);
    cache.at(0);
    EXPECT_EQ(cache.pageReads(), 4u);

    query.unreadOnly = true;
    cache.reset(query);
    EXPECT_EQ(cache.count(), 2u);
    cache.clear();
    EXPECT_EQ(cache.count(), 0u);
}

}  // namespace
}  // namespace petrel::guitest
