#pragma once
#include <functional>

namespace petrel::engine {

// How results and questions travel from worker threads to a front end. The GUI implements it
// with wxTheApp->CallAfter, the CLI with a queue drained by its main thread. A poster must be
// callable from any thread and must run the function on the front end's own thread.
using UiPoster = std::function<void(std::function<void()>)>;

}  // namespace petrel::engine
