#include "engine/Engine.h"

#include <mutex>

#include "engine/JobErrors.h"
#include "net/ErrorMapper.h"
#include "net/VmimePlatform.h"

namespace petrel::engine {
namespace {

// vmime's platform handler and our translation of its exceptions, set up once per process
// before any worker thread starts.
void initialiseLibraries() {
    static std::once_flag once;
    std::call_once(once, [] {
        net::VmimePlatform::ensureInitialized();
        registerExceptionTranslator(&net::ErrorMapper::translate);
    });
}

}  // namespace

Engine::Engine(Profile profile, UiPoster poster, QuestionHandler questions)
    : profile_(std::move(profile)),
      poster_(std::move(poster)),
      jobs_(std::make_unique<JobQueue>(poster_, std::move(questions))) {
    initialiseLibraries();
    profile_.ensureExists();
}

Engine::~Engine() { shutdown(); }

void Engine::shutdown() { jobs_->shutdown(); }

}  // namespace petrel::engine
