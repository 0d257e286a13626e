#pragma once
#include <atomic>

namespace petrel::net {

// Why vmime's wait was interrupted; shared by every handler one factory creates, and read by
// the error mapping to tell "the user cancelled" from "the server went silent" (vmime throws
// the same operation_timed_out for both).
struct InterruptState {
    std::atomic<bool> cancelled{false};
    std::atomic<bool> timedOut{false};
};

}  // namespace petrel::net
