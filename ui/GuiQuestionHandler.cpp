#include "GuiQuestionHandler.h"

#include <wx/app.h>
#include <wx/dialog.h>
#include <wx/toplevel.h>

#include "DisplayFormat.h"
#include "WxUiPoster.h"
#include "dialogs/CertificateDialog.h"
#include "dialogs/PasswordDialog.h"
#include "dialogs/PlaintextDialog.h"

namespace petrel::ui {

engine::QuestionHandler GuiQuestionHandler::make() {
    return [](const engine::UserQuestion& question, std::function<void(engine::UserAnswer)> reply) {
        if (!wxTheApp) return reply({});
        WxUiPoster::postModal(nullptr, [question, reply] { reply(ask(dialogParent(), question)); });
    };
}

wxWindow* GuiQuestionHandler::dialogParent() {
    // A modal dialog on screen (the account wizard) must stay below the question, not beside it.
    for (auto it = wxTopLevelWindows.rbegin(); it != wxTopLevelWindows.rend(); ++it) {
        auto* dialog = wxDynamicCast(*it, wxDialog);
        if (dialog && dialog->IsModal() && !dialog->IsBeingDeleted()) return dialog;
    }
    return wxTheApp ? wxTheApp->GetTopWindow() : nullptr;
}

engine::UserAnswer GuiQuestionHandler::ask(wxWindow* parent, const engine::UserQuestion& question) {
    engine::UserAnswer answer;
    switch (question.kind) {
        case engine::UserQuestion::Kind::TrustCertificate: {
            CertificateDialog::Details details;
            details.host = question.account;
            details.problemText = question.text;
            details.sha256 = question.fingerprint;
            if (question.text.find("changed") != std::string::npos ||
                question.text.find("CHANGED") != std::string::npos)
                details.problem = net::TrustProblem::Changed;
            details.headline = question.title;
            CertificateDialog dialog(parent, details);
            answer.accepted = dialog.ShowModal() == wxID_OK;
            answer.remember = answer.accepted;  // trusting means pinning
            break;
        }
        case engine::UserQuestion::Kind::Password: {
            PasswordDialog dialog(parent, format::u8(question.title), format::u8(question.text));
            if (dialog.ShowModal() == wxID_OK && !dialog.password().empty()) {
                answer.accepted = true;
                answer.text = format::toUtf8(dialog.password());
                answer.remember = dialog.remember();
            }
            break;
        }
        case engine::UserQuestion::Kind::AllowPlaintext: {
            PlaintextDialog dialog(parent, format::u8(question.title), format::u8(question.text));
            answer.accepted = dialog.ShowModal() == wxID_YES;
            answer.remember = answer.accepted && dialog.alwaysAllow();
            break;
        }
    }
    return answer;
}

}  // namespace petrel::ui
