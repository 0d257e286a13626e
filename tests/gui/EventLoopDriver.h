#pragma once
#include <wx/dialog.h>
#include <wx/modalhook.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

class wxWindow;

// Driving the GUI from inside real event loops rather than wxYield: product code shows its modal
// dialogs from the event loop and never inside a yield (WxUiPoster::postModal), so the tests run
// their steps the same way. wxUIActionSimulator yields by itself; inside a running loop that
// yield is visible to the product code (wxEventLoopBase::IsYielding) as it is in the real app.
namespace petrel::guitest {

// Runs `body` from a CallAfter inside a running event loop and returns when it has finished.
void runInEventLoop(const std::function<void()>& body);

// Runs a nested event loop until `done()` is true or `timeout` passes; returns done().
bool spinUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10));
void spinFor(std::chrono::milliseconds duration);

// Real input through wxUIActionSimulator (XTest under Xvfb).
void clickOn(wxWindow* window);
// Clicks into a text field (or spin control), selects all with Ctrl+A and types `text`.
void typeInto(wxWindow* field, const std::string& text);
void pressKey(int keycode, int modifiers = 0);

// Scripts for modal dialogs: when a dialog that an expectation matches goes modal, its script
// runs inside that dialog's own event loop (where it may spin, click, type and end the dialog).
// A dialog the script left open is cancelled, and a modal dialog nobody expected fails the
// test and is cancelled, so a test never hangs on a dialog.
class ModalScripts : public wxModalDialogHook {
public:
    ModalScripts();
    ~ModalScripts() override;

    template <typename Dialog>
    void expect(const std::string& name, std::function<void(Dialog&)> script) {
        expectIf(
            name, [](wxDialog* dialog) { return dynamic_cast<Dialog*>(dialog) != nullptr; },
            [script = std::move(script)](wxDialog* dialog) { script(*dynamic_cast<Dialog*>(dialog)); });
    }
    void expectIf(const std::string& name, std::function<bool(wxDialog*)> match,
                  std::function<void(wxDialog*)> script);
    // Ends the dialog whose window name is `dialogName` with `returnCode` (the product names its
    // questions, e.g. "ConfirmDeleteFolder").
    void answer(const std::string& name, const std::string& dialogName, int returnCode);

    // The script of this name ran to its end (and its dialog closed).
    bool finished(const std::string& name) const;
    // Expectations whose dialog never appeared.
    std::vector<std::string> pending() const;

protected:
    int Enter(wxDialog* dialog) override;
    void Exit(wxDialog* dialog) override;

private:
    struct Expectation {
        std::string name;
        std::function<bool(wxDialog*)> match;
        std::function<void(wxDialog*)> script;
        wxDialog* dialog = nullptr;
        bool started = false;
        bool finished = false;
    };
    std::vector<Expectation> expectations_;
};

}  // namespace petrel::guitest
