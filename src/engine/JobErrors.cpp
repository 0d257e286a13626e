#include "engine/JobErrors.h"

#include <mutex>
#include <new>
#include <vector>

namespace petrel::engine {
namespace {

std::mutex& translatorsMutex() {
    static std::mutex m;
    return m;
}

std::vector<ExceptionTranslator>& translators() {
    static std::vector<ExceptionTranslator> list;
    return list;
}

}  // namespace

void registerExceptionTranslator(ExceptionTranslator translator) {
    std::lock_guard lock(translatorsMutex());
    translators().push_back(std::move(translator));
}

model::Error toError(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const model::Error& e) {
        return e;
    } catch (...) {
    }
    {
        std::lock_guard lock(translatorsMutex());
        for (const auto& translate : translators()) {
            if (auto translated = translate(error)) return *translated;
        }
    }
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc&) {
        return model::Error(model::ErrorKind::Storage, "Out of memory");
    } catch (const std::exception& e) {
        // Unknown library failure: report it as a protocol problem with the detail attached, so
        // the user gets Retry rather than a crash.
        return model::Error(model::ErrorKind::Protocol, "Unexpected error", e.what());
    } catch (...) {
        return model::Error(model::ErrorKind::Protocol, "Unexpected error");
    }
}

}  // namespace petrel::engine
