#include "EventLoopDriver.h"

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/evtloop.h>
#include <wx/timer.h>
#include <wx/uiaction.h>
#include <wx/weakref.h>
#include <wx/window.h>

#include <algorithm>

namespace petrel::guitest {

void runInEventLoop(const std::function<void()>& body) {
    wxGUIEventLoop loop;
    wxTheApp->CallAfter([&loop, &body] {
        body();
        loop.ScheduleExit();
    });
    loop.Run();
}

bool spinUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    if (done()) return true;
    const auto end = std::chrono::steady_clock::now() + timeout;
    wxGUIEventLoop loop;
    bool exiting = false;
    wxTimer timer;
    timer.Bind(wxEVT_TIMER, [&](wxTimerEvent&) {
        if (exiting) return;
        if (done() || std::chrono::steady_clock::now() >= end) {
            exiting = true;
            // Exits once every loop started inside this one (a modal dialog) has ended.
            loop.ScheduleExit();
        }
    });
    timer.Start(10);
    loop.Run();
    timer.Stop();
    return done();
}

void spinFor(std::chrono::milliseconds duration) {
    const auto end = std::chrono::steady_clock::now() + duration;
    spinUntil([end] { return std::chrono::steady_clock::now() >= end; }, duration + std::chrono::seconds(1));
}

void clickOn(wxWindow* window) {
    ASSERT_NE(window, nullptr);
    ASSERT_TRUE(window->IsShownOnScreen()) << window->GetName();
    const wxRect rect = window->GetScreenRect();
    // Left of centre: a spin control's arrows sit on its right.
    const wxPoint point(rect.x + std::min(rect.width / 2, 24), rect.y + rect.height / 2);
    {
        wxUIActionSimulator simulator;
        simulator.MouseMove(point);
    }
    spinFor(std::chrono::milliseconds(30));
    {
        wxUIActionSimulator simulator;
        simulator.MouseClick();
    }
    spinFor(std::chrono::milliseconds(60));
}

void typeInto(wxWindow* field, const std::string& text) {
    clickOn(field);
    {
        wxUIActionSimulator simulator;
        simulator.Char('A', wxMOD_CONTROL);
        simulator.Text(text.c_str());
    }
    spinFor(std::chrono::milliseconds(60));
}

void pressKey(int keycode, int modifiers) {
    {
        wxUIActionSimulator simulator;
        simulator.Char(keycode, modifiers);
    }
    spinFor(std::chrono::milliseconds(60));
}

ModalScripts::ModalScripts() { Register(); }

ModalScripts::~ModalScripts() { Unregister(); }

void ModalScripts::expectIf(const std::string& name, std::function<bool(wxDialog*)> match,
                            std::function<void(wxDialog*)> script) {
    expectations_.push_back({name, std::move(match), std::move(script)});
}

void ModalScripts::answer(const std::string& name, const std::string& dialogName, int returnCode) {
    expectIf(
        name, [dialogName](wxDialog* dialog) { return dialog->GetName() == dialogName; },
        [returnCode](wxDialog* dialog) { dialog->EndModal(returnCode); });
}

bool ModalScripts::finished(const std::string& name) const {
    return std::any_of(expectations_.begin(), expectations_.end(),
                       [&name](const Expectation& e) { return e.name == name && e.finished; });
}

std::vector<std::string> ModalScripts::pending() const {
    std::vector<std::string> names;
    for (const auto& e : expectations_)
        if (!e.started) names.push_back(e.name);
    return names;
}

int ModalScripts::Enter(wxDialog* dialog) {
    // Some dialogs pass through the hook twice (wxGenericMessageDialog::ShowModal and the
    // wxDialog::ShowModal it calls): the script already started for this one.
    for (const auto& e : expectations_)
        if (e.started && !e.finished && e.dialog == dialog) return wxID_NONE;
    const auto it = std::find_if(expectations_.begin(), expectations_.end(),
                                 [dialog](const Expectation& e) { return !e.started && e.match(dialog); });
    wxWeakRef<wxDialog> ref(dialog);
    if (it == expectations_.end()) {
        ADD_FAILURE() << "unexpected modal dialog " << dialog->GetName() << ": " << dialog->GetTitle();
        wxTheApp->CallAfter([ref] {
            if (ref && ref->IsModal()) ref->EndModal(wxID_CANCEL);
        });
        return wxID_NONE;
    }
    it->started = true;
    it->dialog = dialog;
    const std::size_t index = static_cast<std::size_t>(it - expectations_.begin());
    // Runs from the dialog's own loop, once it is on screen.
    wxTheApp->CallAfter([this, index, ref] {
        // The dialog's own loop: this runs from it.
        wxEventLoopBase* const dialogLoop = wxEventLoopBase::GetActive();
        if (ref) {
            spinUntil([ref] { return !ref || ref->IsShownOnScreen(); }, std::chrono::seconds(5));
            spinFor(std::chrono::milliseconds(100));
        }
        if (ref) expectations_[index].script(ref.get());
        if (ref && ref->IsModal()) {
            ADD_FAILURE() << "the script " << expectations_[index].name << " left its dialog open";
            ref->EndModal(wxID_CANCEL);
        }
        // wxGTK's EndModal stops the dialog's loop only while that loop is the active one; an
        // EndModal that ran inside one of the script's nested loops left it running. It is the
        // active loop again now: stop it, as EndModal would have.
        if (dialogLoop && wxEventLoopBase::GetActive() == dialogLoop)
            dialogLoop->ScheduleExit(ref ? ref->GetReturnCode() : wxID_CANCEL);
        expectations_[index].finished = true;
    });
    return wxID_NONE;
}

void ModalScripts::Exit(wxDialog*) {}

}  // namespace petrel::guitest
