#include "WxUiPoster.h"

#include <wx/app.h>
#include <wx/evtloop.h>
#include <wx/thread.h>
#include <wx/timer.h>

namespace petrel::ui {

namespace {

// Retries a modal call from a timer while a yield is active; deletes itself when done.
class ModalRetry : public wxTimer {
public:
    ModalRetry(WxUiPoster::WindowRef ref, std::function<void()> fn) : ref_(std::move(ref)), fn_(std::move(fn)) {}

    void Notify() override {
        if (WxUiPoster::yieldActive()) return;  // periodic: try again on the next tick
        Stop();
        auto ref = ref_;
        auto fn = std::move(fn_);
        // Deleting a timer inside its own Notify is not allowed; later is fine.
        wxTheApp->CallAfter([this] { delete this; });
        if (ref.alive()) fn();
    }

private:
    WxUiPoster::WindowRef ref_;
    std::function<void()> fn_;
};

void runModal(const WxUiPoster::WindowRef& ref, std::function<void()> fn) {
    if (!ref.alive()) return;
    if (WxUiPoster::yieldActive()) {
        auto* retry = new ModalRetry(ref, std::move(fn));
        retry->Start(20);
        return;
    }
    fn();
}

}  // namespace

engine::UiPoster WxUiPoster::poster() {
    return [](std::function<void()> fn) {
        // wxEvtHandler::CallAfter queues a thread-safe event on the application object.
        if (wxAppConsole* app = wxAppConsole::GetInstance()) app->CallAfter(std::move(fn));
    };
}

WxUiPoster::WindowRef::WindowRef(wxWindow* window)
    : ref_(window ? std::shared_ptr<wxWeakRef<wxWindow>>(new wxWeakRef<wxWindow>(window),
                                                          [](wxWeakRef<wxWindow>* p) {
                                                              // The last copy may die on a worker:
                                                              // unhook from the window on the UI thread.
                                                              if (wxThread::IsMain()) {
                                                                  delete p;
                                                              } else if (wxAppConsole* app =
                                                                             wxAppConsole::GetInstance()) {
                                                                  app->CallAfter([p] { delete p; });
                                                              }
                                                              // No application any more: nothing
                                                              // to unhook from; leak the node.
                                                          })
                  : nullptr) {}

bool WxUiPoster::WindowRef::alive() const {
    if (!ref_) return true;  // not bound to a window
    wxWindow* window = ref_->get();
    return window && !window->IsBeingDeleted();
}

wxWindow* WxUiPoster::WindowRef::get() const {
    return ref_ ? ref_->get() : nullptr;
}

void WxUiPoster::post(wxWindow* window, std::function<void()> fn) {
    wxTheApp->CallAfter([ref = WindowRef(window), fn = std::move(fn)] {
        if (ref.alive()) fn();
    });
}

void WxUiPoster::postModal(wxWindow* window, std::function<void()> fn) {
    wxTheApp->CallAfter([ref = WindowRef(window), fn = std::move(fn)]() mutable { runModal(ref, std::move(fn)); });
}

bool WxUiPoster::yieldActive() {
    const wxEventLoopBase* loop = wxEventLoopBase::GetActive();
    return loop && loop->IsYielding();
}

}  // namespace petrel::ui
