#pragma once
// wx/meta/convertible.h uses std::is_base_of without including <type_traits> itself.
#include <type_traits>
// wxWeakRef<T> needs T complete to see that it is wxTrackable.
#include <wx/window.h>
#include <wx/weakref.h>

#include <functional>
#include <memory>
#include <utility>

#include "engine/UiPoster.h"

namespace petrel::ui {

// The GUI side of engine::UiPoster (DESIGN §1): everything a worker posts runs on the UI thread
// through wxTheApp->CallAfter. Results that belong to a window are bound to its lifetime with a
// wxWeakRef, so a job that finishes after its dialog or frame was closed is dropped, not a crash
// (Poedit's then_on_window, FileZilla's make_invoker).
class WxUiPoster {
public:
    // For engine::Engine: callable from any thread; a function posted while no application
    // exists (start-up, shut-down) is dropped.
    static engine::UiPoster poster();

    // A weak reference to `window` that may be copied on any thread: the wxWeakRef itself is only
    // made, read and destroyed on the UI thread (wx's tracker lists are not thread-safe). Make it
    // on the UI thread.
    class WindowRef {
    public:
        explicit WindowRef(wxWindow* window);
        // UI thread only. False once the window is destroyed (or is being destroyed).
        bool alive() const;
        wxWindow* get() const;

    private:
        std::shared_ptr<wxWeakRef<wxWindow>> ref_;
    };

    // Wraps `fn` so that it does nothing once `window` is gone. Make and call it on the UI thread;
    // the engine calls a job's onProgress and onFinished there. Copies may travel through workers.
    template <typename... Args>
    static std::function<void(Args...)> boundTo(wxWindow* window,
                                                std::type_identity_t<std::function<void(Args...)>> fn) {
        return [ref = WindowRef(window), fn = std::move(fn)](Args... args) {
            if (ref.alive() && fn) fn(std::forward<Args>(args)...);
        };
    }

    // Runs `fn` later on the UI thread while `window` lives (UI thread only).
    static void post(wxWindow* window, std::function<void()> fn);

    // Like post, for code that shows a modal dialog: it runs from the event loop, never inside a
    // wxYield (wx's own, or wxUIActionSimulator's in tests). A nested modal loop started inside
    // a yield runs with the yield's event filter half torn down; while a yield is active the call
    // is retried shortly after from a timer. `window` may be null (no lifetime to follow).
    static void postModal(wxWindow* window, std::function<void()> fn);

    // True while some event loop is inside Yield() (UI thread only).
    static bool yieldActive();
};

}  // namespace petrel::ui
