// Adding an account through the wizard against the project's real Dovecot, with passwords in a
// real keyring: ctest runs these under tests/servers/with-keyring and xvfb-run, with the
// petrel_mailserver fixture (see CMakeLists.txt). Run by hand, MailServer starts its own servers.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/config.h>
#include <wx/msgdlg.h>
// After msgdlg.h, which it depends on.
#include <wx/generic/msgdlgg.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "dialogs/AccountSettingsDialog.h"
#include "dialogs/AccountWizard.h"
#include "dialogs/CertificateDialog.h"
#include "dialogs/ConnectionTestPanel.h"
#include "dialogs/IdentityPanel.h"
#include "dialogs/IncomingServerPanel.h"
#include "engine/Profile.h"
#include "engine/SecretStore.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "support/MailServer.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using petrel::ui::AccountWizard;
using petrel::ui::CertificateDialog;
using petrel::ui::ConnectionTestPanel;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

std::string fileBytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every file under `dir` whose bytes contain `secret`.
std::vector<std::string> filesContaining(const std::filesystem::path& dir, const std::string& secret) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && fileBytes(entry.path()).find(secret) != std::string::npos)
            found.push_back(entry.path().string());
    }
    return found;
}

class LiveAccountWizardTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
        server_ = &MailServer::instance();
        user_ = server_->createUser("empty");
        settingsFile_ = dir_.path() / "settings.ini";
        config_ = std::make_unique<ScopedConfig>(settingsFile_);
        profile_ = std::make_unique<engine::Profile>((dir_.path() / "profile").string());
    }

    void TearDown() override {
        if (frame_) closeMainFrame(frame_);
        config_.reset();
        if (!user_.name.empty()) {
            // Leave the keyring as found.
            try {
                auto secrets = engine::makePlatformSecretStore();
                secrets->remove(kAccount, user_.name);
                secrets->remove(kRenamed, user_.name);
            } catch (const std::exception&) {
            }
        }
    }

    void openFrame() {
        ASSERT_NO_FATAL_FAILURE(openMainFrame(*profile_, frame_, wxDefaultSize));
        spinFor(200ms);
    }

    // Identity and incoming server typed in, then on to the test page.
    void fillWizard(AccountWizard& wizard, const std::string& password) {
        typeInto(wizard.identity()->fullNameCtrl(), "Gui Tester");
        typeInto(wizard.identity()->addressCtrl(), user_.address);
        EXPECT_EQ(toUtf8(wizard.identity()->address()), user_.address);
        typeInto(wizard.identity()->nameCtrl(), kAccount);
        screenshot("wizard-1-identity", &wizard);
        clickOn(wizard.nextButton());
        ASSERT_TRUE(spinUntil([&] { return wizard.GetCurrentPage() == wizard.page(AccountWizard::IncomingPage); }));

        ui::IncomingServerPanel* incoming = wizard.incoming();
        EXPECT_EQ(incoming->portCtrl()->GetValue(), 993) << "IMAP over implicit TLS by default";
        EXPECT_EQ(toUtf8(incoming->userCtrl()->GetValue()), user_.address) << "the address is the first guess";
        typeInto(incoming->hostCtrl(), server_->host());
        typeInto(incoming->portCtrl(), std::to_string(server_->imapsPort()));
        typeInto(incoming->userCtrl(), user_.name);
        typeInto(incoming->passwordCtrl(), password);
        EXPECT_EQ(incoming->portCtrl()->GetValue(), server_->imapsPort());
        EXPECT_EQ(toUtf8(incoming->password()), password);
        screenshot("wizard-2-incoming", &wizard);

        for (auto page : {AccountWizard::SendingPage, AccountWizard::OptionsPage, AccountWizard::TestPage}) {
            clickOn(wizard.nextButton());
            ASSERT_TRUE(spinUntil([&] { return wizard.GetCurrentPage() == wizard.page(page); }))
                << "page " << page << ": " << toUtf8(wizard.pageMessage(AccountWizard::IncomingPage));
        }
    }

    // Checks the fingerprint the dialog shows against the server's and trusts it.
    void expectCertificateDialog(ModalScripts& modals) {
        modals.expect<CertificateDialog>("certificate", [this](CertificateDialog& dialog) {
            EXPECT_EQ(dialog.shownFingerprint(), CertificateDialog::groupedFingerprint(server_->certSha256()));
            screenshot("wizard-3-certificate", &dialog);
            clickOn(dialog.trustButton());
        });
    }

    static constexpr const char* kAccount = "Live";
    static constexpr const char* kRenamed = "Live Renamed";
    TempDir dir_;
    std::filesystem::path settingsFile_;
    std::unique_ptr<ScopedConfig> config_;
    std::unique_ptr<engine::Profile> profile_;
    MailServer* server_ = nullptr;
    TestUser user_;
    MainFrame* frame_ = nullptr;
};

TEST_F(LiveAccountWizardTest, AddsAnImapAccountWithThePinnedCertificateAndThePasswordInTheKeyring) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ModalScripts modals;
        modals.expect<AccountWizard>("wizard", [this](AccountWizard& wizard) {
            ASSERT_NO_FATAL_FAILURE(fillWizard(wizard, user_.password));
            ConnectionTestPanel* tester = wizard.tester();
            clickOn(tester->testButton());
            ASSERT_TRUE(spinUntil([&] { return tester->state() == ConnectionTestPanel::State::Succeeded; }, 60s))
                << toUtf8(tester->message());
            EXPECT_EQ(wizard.incoming()->pin(), server_->certSha256()) << "trusting pins the certificate";
            EXPECT_NE(toUtf8(tester->message()).find("accepted the login"), std::string::npos);
            screenshot("wizard-4-connected", &wizard);
            clickOn(wizard.nextButton());  // Finish
            ASSERT_TRUE(spinUntil([&] { return !wizard.IsModal(); }, 30s)) << toUtf8(
                wizard.pageMessage(AccountWizard::TestPage));
        });
        expectCertificateDialog(modals);

        // File > Add Account, as the menu does it.
        wxCommandEvent menu(wxEVT_MENU, MainFrame::addAccountMenuId());
        frame_->ProcessWindowEvent(menu);
        ASSERT_TRUE(spinUntil([&] { return modals.finished("wizard"); }, 120s));
        EXPECT_TRUE(modals.pending().empty());

        // The account is in the index with its pin, and shown.
        store::Db db(profile_->databasePath(), store::OpenMode::ReadOnly);
        const auto account = store::AccountRepository(db).findByName(kAccount);
        ASSERT_TRUE(account.has_value());
        EXPECT_EQ(account->incoming.trustFingerprint, server_->certSha256());
        EXPECT_EQ(account->incoming.host, server_->host());
        EXPECT_EQ(account->incoming.port, server_->imapsPort());
        EXPECT_EQ(account->incoming.security, model::Security::Tls);
        EXPECT_EQ(account->user, user_.name);
        EXPECT_EQ(account->fromAddress, "Gui Tester <" + user_.address + ">");
        EXPECT_TRUE(frame_->folderTree()->findAccount(account->id).IsOk());

        // The password is in the keyring and nowhere in Petrel's files or settings.
        EXPECT_EQ(engine::makePlatformSecretStore()->lookup(kAccount, user_.name), user_.password);
        wxConfigBase::Get()->Flush();
        EXPECT_TRUE(filesContaining(profile_->directory(), user_.password).empty());
        EXPECT_TRUE(filesContaining(settingsFile_.parent_path(), user_.password).empty());

        // Adding an account checks it: a login with the stored pin and password, counted.
        ASSERT_TRUE(jobsIdle(*frame_));
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        EXPECT_GT(frame_->jobStatusBar()->sessionBytes(), 0u);
        EXPECT_EQ(toUtf8(frame_->jobStatusBar()->GetStatusText(ui::JobStatusBar::FieldText)), "Checked mail: Live");
        screenshot("wizard-5-account-added", frame_);
    });
}

TEST_F(LiveAccountWizardTest, AWrongPasswordIsExplainedInThePageAndNothingIsSaved) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ModalScripts modals;
        modals.expect<AccountWizard>("wizard", [this](AccountWizard& wizard) {
            ASSERT_NO_FATAL_FAILURE(fillWizard(wizard, "not-the-password"));
            ConnectionTestPanel* tester = wizard.tester();
            clickOn(tester->testButton());
            ASSERT_TRUE(spinUntil([&] { return tester->lastError() == model::ErrorKind::Auth; }, 60s))
                << toUtf8(tester->message());
            EXPECT_EQ(tester->state(), ConnectionTestPanel::State::Failed);
            EXPECT_NE(toUtf8(tester->message()).find("rejected the user name or password"), std::string::npos)
                << toUtf8(tester->message());
            screenshot("wizard-wrong-password", &wizard);
            clickOn(wizard.FindWindow(wxID_CANCEL));
            ASSERT_TRUE(spinUntil([&] { return !wizard.IsModal(); }, 10s));
        });
        expectCertificateDialog(modals);
        frame_->addAccount();
        ASSERT_TRUE(spinUntil([&] { return modals.finished("wizard"); }, 120s));

        store::Db db(profile_->databasePath(), store::OpenMode::ReadOnly);
        EXPECT_TRUE(store::AccountRepository(db).list().empty());
        EXPECT_EQ(engine::makePlatformSecretStore()->lookup(kAccount, user_.name), std::nullopt);
        EXPECT_FALSE(frame_->folderTree()->hasAccounts());
    });
}

TEST_F(LiveAccountWizardTest, SettingsRenameTheAccountAndRemoveDeletesItWithItsPassword) {
    // An account as the wizard leaves it: pinned, its password in the keyring.
    std::int64_t id = 0;
    {
        profile_->ensureExists();
        store::Db db(profile_->databasePath(), store::OpenMode::ReadWrite);
        model::AccountConfig account;
        account.name = kAccount;
        account.user = user_.name;
        account.incoming.host = server_->host();
        account.incoming.port = server_->imapsPort();
        account.incoming.trustFingerprint = server_->certSha256();
        account.fromAddress = user_.address;
        id = store::AccountRepository(db).add(account);
    }
    engine::makePlatformSecretStore()->store(kAccount, user_.name, user_.password);

    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        frame_->setWorkOffline(false);
        ModalScripts modals;
        modals.expect<ui::AccountSettingsDialog>("settings", [this](ui::AccountSettingsDialog& dialog) {
            EXPECT_EQ(toUtf8(dialog.incoming()->hostCtrl()->GetValue()), server_->host());
            EXPECT_EQ(dialog.incoming()->portCtrl()->GetValue(), server_->imapsPort());
            EXPECT_EQ(dialog.incoming()->pin(), server_->certSha256());
            EXPECT_TRUE(dialog.incoming()->password().empty()) << "the password stays in the keyring";
            typeInto(dialog.identity()->nameCtrl(), kRenamed);
            // The test uses the stored password and the pin: no question.
            clickOn(dialog.tester()->testButton());
            ASSERT_TRUE(spinUntil(
                [&] { return dialog.tester()->state() == ConnectionTestPanel::State::Succeeded; }, 60s))
                << toUtf8(dialog.tester()->message());
            screenshot("account-settings", &dialog);
            clickOn(dialog.FindWindow(wxID_OK));
            ASSERT_TRUE(spinUntil([&] { return !dialog.IsModal(); }, 30s)) << toUtf8(dialog.message());
        });
        frame_->showAccountSettings(id);
        ASSERT_TRUE(spinUntil([&] { return modals.finished("settings"); }, 90s));
        {
            store::Db db(profile_->databasePath(), store::OpenMode::ReadOnly);
            const auto renamed = store::AccountRepository(db).findById(id);
            ASSERT_TRUE(renamed.has_value());
            EXPECT_EQ(renamed->name, kRenamed);
            EXPECT_EQ(renamed->incoming.trustFingerprint, server_->certSha256());
        }
        auto secrets = engine::makePlatformSecretStore();
        EXPECT_EQ(secrets->lookup(kRenamed, user_.name), user_.password) << "the keyring entry follows the name";
        EXPECT_EQ(secrets->lookup(kAccount, user_.name), std::nullopt);

        // Remove asks first; Keep is the default.
        modals.expect<wxGenericMessageDialog>("confirm", [](wxGenericMessageDialog& dialog) {
            screenshot("remove-account-confirmation", &dialog);
            clickOn(dialog.FindWindow(wxID_YES));
        });
        frame_->removeAccount(id);
        ASSERT_TRUE(spinUntil([&] { return modals.finished("confirm"); }, 30s));
        ASSERT_TRUE(spinUntil([&] { return !frame_->folderTree()->hasAccounts(); }, 30s));
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        store::Db db(profile_->databasePath(), store::OpenMode::ReadOnly);
        EXPECT_TRUE(store::AccountRepository(db).list().empty());
        EXPECT_EQ(secrets->lookup(kRenamed, user_.name), std::nullopt);
    });
}

}  // namespace
}  // namespace petrel::guitest
