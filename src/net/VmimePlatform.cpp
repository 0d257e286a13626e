#include "net/VmimePlatform.h"

#include <mutex>
#include <vmime/platform.hpp>
#if defined(_WIN32)
#include <vmime/platforms/windows/windowsHandler.hpp>
#else
#include <vmime/platforms/posix/posixHandler.hpp>
#endif

namespace petrel::net {

void VmimePlatform::ensureInitialized() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(_WIN32)
        vmime::platform::setHandler<vmime::platforms::windows::windowsHandler>();
#else
        vmime::platform::setHandler<vmime::platforms::posix::posixHandler>();
#endif
    });
}

}  // namespace petrel::net
