// The account dialogs' parts on their own: port defaults, the certificate dialog, and the
// engine's questions answered through GuiQuestionHandler's dialogs. No server needed.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/textctrl.h>

#include <chrono>
#include <optional>

#include "DisplayFormat.h"
#include "EventLoopDriver.h"
#include "GuiQuestionHandler.h"
#include "GuiTest.h"
#include "dialogs/AccountOptionsPanel.h"
#include "dialogs/CertificateDialog.h"
#include "dialogs/IdentityPanel.h"
#include "dialogs/IncomingServerPanel.h"
#include "dialogs/PasswordDialog.h"
#include "dialogs/PlaintextDialog.h"
#include "dialogs/SmtpPanel.h"
#include "engine/UserQuestion.h"

using namespace std::chrono_literals;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

// What a user's click in a wxChoice sends.
void choose(wxChoice* choice, int index) {
    choice->SetSelection(index);
    wxCommandEvent event(wxEVT_CHOICE, choice->GetId());
    event.SetEventObject(choice);
    event.SetInt(index);
    choice->ProcessWindowEvent(event);
}

// A dialog hosting one panel, shown (not modal) for the duration of a test.
template <typename Panel, typename... Args>
Panel* showPanel(wxDialog& host, Args&&... args) {
    auto* panel = new Panel(&host, std::forward<Args>(args)...);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(panel, wxSizerFlags(1).Expand().Border(wxALL, 12));
    host.SetSizerAndFit(sizer);
    host.Show();
    EXPECT_TRUE(spinUntil([&host] { return host.IsShownOnScreen(); }));
    spinFor(200ms);
    return panel;
}

TEST(AccountPanels, IncomingPortFollowsProtocolAndSecurityUntilTheUserTypesOne) {
    runInEventLoop([] {
        wxDialog host(nullptr, wxID_ANY, "Incoming");
        auto* panel = showPanel<ui::IncomingServerPanel>(host, false);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 993);  // IMAP, implicit TLS
        choose(panel->securityCtrl(), 1);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 143);  // IMAP, STARTTLS
        choose(panel->protocolCtrl(), 1);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 110);  // POP3, STARTTLS
        choose(panel->securityCtrl(), 0);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 995);  // POP3, implicit TLS
        EXPECT_FALSE(panel->portEdited());

        typeInto(panel->portCtrl(), "1995");
        EXPECT_EQ(panel->portCtrl()->GetValue(), 1995);
        EXPECT_TRUE(panel->portEdited());
        choose(panel->securityCtrl(), 1);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 1995) << "a port the user typed stays";

        // Typing the default again hands the port back to the security choice.
        typeInto(panel->portCtrl(), "110");
        EXPECT_FALSE(panel->portEdited());
        choose(panel->securityCtrl(), 0);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 995);

        typeInto(panel->hostCtrl(), "mail.example.org");
        typeInto(panel->userCtrl(), "jane");
        model::AccountConfig account;
        panel->apply(account);
        EXPECT_EQ(account.protocol, model::Protocol::Pop3);
        EXPECT_EQ(account.incoming.host, "mail.example.org");
        EXPECT_EQ(account.incoming.port, 995);
        EXPECT_EQ(account.incoming.security, model::Security::Tls);
        EXPECT_EQ(account.user, "jane");
        screenshot("incoming-server-panel", &host);
    });
}

TEST(AccountPanels, SmtpPortIs465ForTlsAnd587ForStartTls) {
    runInEventLoop([] {
        wxDialog host(nullptr, wxID_ANY, "Sending");
        auto* panel = showPanel<ui::SmtpPanel>(host);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 465);
        choose(panel->securityCtrl(), 1);
        EXPECT_EQ(panel->portCtrl()->GetValue(), 587);
        panel->suggestHostFrom("imap.example.org");
        model::AccountConfig account;
        panel->apply(account);
        ASSERT_TRUE(account.smtp.has_value());
        EXPECT_EQ(account.smtp->host, "smtp.example.org");
        EXPECT_EQ(account.smtp->port, 587);
        EXPECT_EQ(account.smtp->security, model::Security::StartTls);
    });
}

TEST(AccountPanels, IdentityKeepsTheSignature) {
    runInEventLoop([] {
        wxDialog host(nullptr, wxID_ANY, "Identity");
        auto* panel = showPanel<ui::IdentityPanel>(host);
        model::AccountConfig account;
        account.name = "Work";
        account.fromAddress = "Jane Doe <jane@example.com>";
        account.signature = "Jane Doe\nÜbersetzungen";
        panel->load(account);
        EXPECT_EQ(ui::format::toUtf8(panel->signatureCtrl()->GetValue()), account.signature);
        panel->signatureCtrl()->ChangeValue(wxString::FromUTF8("Jane\nExample Ltd."));
        model::AccountConfig back;
        panel->apply(back);
        EXPECT_EQ(back.signature, "Jane\nExample Ltd.");
        EXPECT_EQ(back.fromAddress, account.fromAddress);
        screenshot("account-identity-signature", &host);
    });
}

TEST(AccountPanels, OptionsRoundTripAndPop3OptionsOnlyForPop3) {
    runInEventLoop([] {
        wxDialog host(nullptr, wxID_ANY, "Options");
        auto* panel = showPanel<ui::AccountOptionsPanel>(host);
        model::AccountConfig account;
        account.protocol = model::Protocol::Pop3;
        account.pop3Mode = model::Pop3Mode::Keep;
        account.leaveDays = 14;
        account.deleteOnLocalDelete = true;
        account.bodyCapBytes = 32 * 1024;
        account.compress = false;
        account.checkIntervalSeconds = 15 * 60;
        panel->load(account);
        EXPECT_TRUE(panel->leaveDaysCtrl()->IsEnabled());
        EXPECT_FALSE(panel->compressCtrl()->IsEnabled());
        model::AccountConfig back;
        panel->apply(back);
        EXPECT_EQ(back.pop3Mode, model::Pop3Mode::Keep);
        EXPECT_EQ(back.leaveDays, 14u);
        EXPECT_TRUE(back.deleteOnLocalDelete);
        EXPECT_EQ(back.bodyCapBytes, 32u * 1024u);
        EXPECT_FALSE(back.compress);
        EXPECT_EQ(back.checkIntervalSeconds, 15u * 60u);
        screenshot("account-options-pop3", &host);
        panel->setProtocol(model::Protocol::Imap);
        EXPECT_FALSE(panel->keepCtrl()->IsEnabled());
        EXPECT_TRUE(panel->compressCtrl()->IsEnabled());
    });
}

TEST(AccountPanels, IdentityJoinsAndSplitsTheFromAddress) {
    EXPECT_EQ(ui::IdentityPanel::joinFrom("Jane Doe", "jane@example.com"), "Jane Doe <jane@example.com>");
    EXPECT_EQ(ui::IdentityPanel::joinFrom("Doe, Jane", "jane@example.com"), "\"Doe, Jane\" <jane@example.com>");
    EXPECT_EQ(ui::IdentityPanel::joinFrom("", "jane@example.com"), "jane@example.com");
    EXPECT_EQ(ui::IdentityPanel::splitFrom("\"Doe, Jane\" <jane@example.com>"),
              std::make_pair(std::string("Doe, Jane"), std::string("jane@example.com")));
    EXPECT_EQ(ui::IdentityPanel::splitFrom("jane@example.com"),
              std::make_pair(std::string(), std::string("jane@example.com")));
}

TEST(CertificateDialog, ShowsTheFingerprintAsGroupedHexWithTheCertificateDetails) {
    const std::string sha256 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeef0";
    const wxString grouped = ui::CertificateDialog::groupedFingerprint(sha256);
    EXPECT_EQ(grouped,
              "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:F0");
    runInEventLoop([&] {
        ui::CertificateDialog::Details details;
        details.host = "imap.example.org";
        details.problem = net::TrustProblem::NotTrusted;
        details.sha256 = sha256;
        net::CertificateInfo info;
        info.sha256 = sha256;
        info.subject = "CN=imap.example.org,O=Example";
        info.issuer = info.subject;
        info.notBefore = std::chrono::system_clock::from_time_t(1735689600);  // 2025-01-01
        info.notAfter = std::chrono::system_clock::from_time_t(2051222400);   // 2035-01-01
        info.subjectAltNames = {"imap.example.org", "127.0.0.1"};
        details.certificate = info;
        ui::CertificateDialog dialog(nullptr, details);
        dialog.Show();
        ASSERT_TRUE(spinUntil([&dialog] { return dialog.IsShownOnScreen(); }));
        EXPECT_EQ(dialog.shownFingerprint(), grouped);
        EXPECT_EQ(dialog.GetDefaultItem(), dialog.cancelButton()) << "Enter must not trust";
        screenshot("certificate-dialog", &dialog);
    });
}

TEST(GuiQuestionHandler, AnswersTheEnginesQuestionsWithDialogs) {
    runInEventLoop([] {
        ModalScripts modals;
        const engine::QuestionHandler handler = ui::GuiQuestionHandler::make();
        std::optional<engine::UserAnswer> answer;
        auto reply = [&answer](engine::UserAnswer a) { answer = std::move(a); };

        // Password: typed, remembered in the keyring.
        modals.expect<ui::PasswordDialog>("password", [](ui::PasswordDialog& dialog) {
            typeInto(dialog.passwordCtrl(), "s3cret-pw");
            EXPECT_TRUE(dialog.rememberCtrl()->GetValue());
            screenshot("password-dialog", &dialog);
            clickOn(dialog.FindWindow(wxID_OK));
        });
        engine::UserQuestion password;
        password.kind = engine::UserQuestion::Kind::Password;
        password.account = "Work";
        password.title = "Password for Work";
        password.text = "The server rejected the password. Enter the password for jane on imap.example.org.";
        handler(password, reply);
        ASSERT_TRUE(spinUntil([&] { return answer.has_value(); }));
        EXPECT_TRUE(answer->accepted);
        EXPECT_EQ(answer->text, "s3cret-pw");
        EXPECT_TRUE(answer->remember);

        // Plaintext: Enter takes the safe default, "don't connect".
        answer.reset();
        modals.expect<ui::PlaintextDialog>("plaintext", [](ui::PlaintextDialog& dialog) {
            EXPECT_EQ(dialog.GetDefaultItem(), dialog.cancelButton());
            screenshot("plaintext-dialog", &dialog);
            pressKey(WXK_RETURN);
            spinUntil([&dialog] { return !dialog.IsModal(); });
        });
        engine::UserQuestion plaintext;
        plaintext.kind = engine::UserQuestion::Kind::AllowPlaintext;
        plaintext.account = "Work";
        plaintext.title = "Send the password unencrypted?";
        plaintext.text = "The account Work is set up without TLS.";
        handler(plaintext, reply);
        ASSERT_TRUE(spinUntil([&] { return answer.has_value(); }));
        EXPECT_FALSE(answer->accepted);

        // Certificate: Trust pins it.
        answer.reset();
        modals.expect<ui::CertificateDialog>("certificate", [](ui::CertificateDialog& dialog) {
            EXPECT_EQ(dialog.shownFingerprint(), ui::CertificateDialog::groupedFingerprint(std::string(64, 'a')));
            clickOn(dialog.trustButton());
        });
        engine::UserQuestion trust;
        trust.kind = engine::UserQuestion::Kind::TrustCertificate;
        trust.account = "Work";
        trust.title = "Trust the certificate of imap.example.org?";
        trust.text = "The certificate is not issued by a trusted authority.";
        trust.fingerprint = std::string(64, 'a');
        handler(trust, reply);
        ASSERT_TRUE(spinUntil([&] { return answer.has_value(); }));
        EXPECT_TRUE(answer->accepted);
        EXPECT_TRUE(answer->remember);
        EXPECT_TRUE(modals.pending().empty());
    });
}

}  // namespace
}  // namespace petrel::guitest
