#pragma once
#include "engine/UserQuestion.h"

class wxWindow;

namespace petrel::ui {

// Answers the engine's questions (engine::UserQuestion) with dialogs: TrustCertificate with the
// CertificateDialog (trusting pins it), Password with the PasswordDialog ("remember in keyring"),
// AllowPlaintext with the PlaintextDialog (default: don't connect). The engine calls the handler
// through the UiPoster, so it runs on the UI thread; the dialog itself is opened with
// WxUiPoster::postModal, never inside a wxYield. The worker that asked waits for the reply.
class GuiQuestionHandler {
public:
    static engine::QuestionHandler make();

    // Shows the dialog for `question` now (modal) and returns the answer. UI thread only.
    static engine::UserAnswer ask(wxWindow* parent, const engine::UserQuestion& question);

    // The window dialogs are parented to: the active modal dialog or frame, else the top window.
    static wxWindow* dialogParent();
};

}  // namespace petrel::ui
